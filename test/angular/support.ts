// Angular apps for the tests, compiled just in time (the test file imports @angular/compiler first) with standalone
// components and inline templates, on Angular 21 (the root) or 17.3 (vitest.oldest.config.ts).
import * as core from "@angular/core";
import {
  createComponent,
  createEnvironmentInjector,
  runInInjectionContext,
  type EnvironmentInjector,
  type ApplicationRef,
  type ComponentRef,
  type EnvironmentProviders,
  type Provider,
  type Type,
} from "@angular/core";
import { createApplication } from "@angular/platform-browser";
import { filter, firstValueFrom } from "rxjs";

/**
 * Zoneless change detection under the name each version gives it: `provideZonelessChangeDetection` (20 and later),
 * `provideExperimentalZonelessChangeDetection` (18, 19), `ɵprovideZonelessChangeDetection` (17.1 to 17.3).
 */
export function zoneless(): EnvironmentProviders {
  const names = ["provideZonelessChangeDetection", "provideExperimentalZonelessChangeDetection", "ɵprovideZonelessChangeDetection"];
  const found = names.map((name) => (core as unknown as Record<string, unknown>)[name]).find((f) => typeof f === "function");
  if (!found) throw new Error(`@angular/core ${core.VERSION.full} has none of ${names.join(", ")}`);
  return (found as () => EnvironmentProviders)();
}

const apps: ApplicationRef[] = [];
const injectors: EnvironmentInjector[] = [];
/** Destroys what the test started (contexts, then apps: every DestroyRef fires); a test file's afterEach calls it. */
export function destroyAll(): void {
  for (const injector of injectors.splice(0)) if (!(injector as unknown as { destroyed: boolean }).destroyed) injector.destroy();
  // Destroying an application destroys its views and its root injector: every DestroyRef fires.
  for (const app of apps.splice(0)) if (!app.destroyed) app.destroy();
  document.body.innerHTML = "";
}

/** An application (destroyed after the test) with `providers`: zoneless unless they say otherwise. */
export async function startApp(providers: (Provider | EnvironmentProviders)[] = [zoneless()]): Promise<ApplicationRef> {
  const app = await createApplication({ providers });
  apps.push(app);
  return app;
}

/** Mounts `component` into a new element of the document, attached to `app`'s change detection. */
export function mount<T>(app: ApplicationRef, component: Type<T>): { ref: ComponentRef<T>; element: HTMLElement; text(): string } {
  const hostElement = document.createElement("div");
  document.body.append(hostElement);
  const ref = createComponent(component, { environmentInjector: app.injector, hostElement });
  app.attachView(ref.hostView);
  ref.changeDetectorRef.detectChanges();
  return { ref, element: hostElement, text: () => hostElement.textContent?.replace(/\s+/g, " ").trim() ?? "" };
}

/**
 * Runs `make` in an injection context of its own under `app` (as a service's constructor would), answering what it
 * made and the context's destroy (destroyAll calls it if not called before; destroying the app does not).
 */
export function inContext<T>(app: ApplicationRef, make: () => T): { value: T; destroy(): void } {
  const injector = createEnvironmentInjector([], app.injector);
  injectors.push(injector);
  return { value: runInInjectionContext(injector, make), destroy: () => injector.destroy() };
}

/**
 * Until `app` is stable: no change detection, effect or task pending (`whenStable()` is Angular 17.1's private
 * `ɵwhenStable`, public only later; `isStable` is in every version).
 */
export const stable = (app: ApplicationRef) => firstValueFrom(app.isStable.pipe(filter((s) => s)));
