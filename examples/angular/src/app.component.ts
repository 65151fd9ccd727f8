// Sign-in, and the routes by location hash: #/chat (the default) one panel on its own connection, #/lobby none,
// #/shared two panels on ONE connection. Remount: the @if/@else below swaps the chat route for a new instance.
import { ChangeDetectorRef, Component, DestroyRef, inject, signal } from "@angular/core";
import Session from "supertokens-web-js/recipe/session";
import { signIn } from "../../shared/backend";
import { ChatRoute } from "./chat-route.component";
import { SharedRoute } from "./shared-route.component";

@Component({
  selector: "app-root",
  imports: [ChatRoute, SharedRoute],
  template: `
    @if (user() === null) {
      <form (submit)="submit($event)">
        <input name="name" aria-label="Name" required />
        <button type="submit">Sign in</button>
      </form>
    } @else if (user()) {
      <p>
        <span data-testid="user">{{ user() }}</span>
        <button type="button" (click)="signOut()">Sign out</button>
      </p>
    }

    @if (hash() === "#/shared") {
      <app-shared-route />
    } @else if (hash() !== "#/lobby") {
      <button type="button" (click)="remount()">Remount</button>
      <!-- Each click flips the branch: the old ChatRoute is destroyed (its connection closes), a new one made. -->
      @if (generation() % 2 === 0) {
        <app-chat-route />
      } @else {
        <app-chat-route />
      }
    }
  `,
})
export class App {
  readonly hash = signal(window.location.hash);
  /** undefined while the session is being looked up, null signed out. */
  readonly user = signal<string | null | undefined>(undefined);
  readonly generation = signal(0);
  private readonly changes = inject(ChangeDetectorRef);

  constructor() {
    const onChange = () => this.hash.set(window.location.hash);
    window.addEventListener("hashchange", onChange);
    inject(DestroyRef).onDestroy(() => window.removeEventListener("hashchange", onChange));
    void Session.doesSessionExist().then(async (yes) => this.user.set(yes ? await Session.getUserId() : null));
  }

  async submit(event: SubmitEvent) {
    event.preventDefault();
    const response = await signIn(new FormData(event.target as HTMLFormElement).get("name"));
    this.user.set(((await response.json()) as { userId: string }).userId);
  }

  remount() {
    this.generation.update((g) => g + 1);
    // Zoneless Angular renders in a task of its own; render now, so the new panel is there when the click returns.
    this.changes.detectChanges();
  }

  signOut() {
    void Session.signOut().then(() => this.user.set(null));
  }
}
