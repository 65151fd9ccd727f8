// supertokens-auth-react's configuration, as its Next.js App Router guide writes it (frontendConfig + setRouter),
// plus the package's two session hooks. Called in the browser only (SuperTokensProvider checks for `window`).
import type { useRouter } from "next/navigation";
import Session from "supertokens-auth-react/recipe/session";
import type { SuperTokensConfig } from "supertokens-auth-react/lib/build/types";
import { handlePreAPIHook, handleSessionEvent } from "supertokens-socket";
import { pageParams } from "./pageParams";

const routerInfo: { router?: ReturnType<typeof useRouter>; pathName?: string } = {};

/** Lets auth-react navigate with Next's router (its redirections), as the guide does. */
export function setRouter(router: ReturnType<typeof useRouter>, pathName: string): void {
  routerInfo.router = router;
  routerInfo.pathName = pathName;
}

export function frontendConfig(): SuperTokensConfig {
  return {
    appInfo: {
      appName: "supertokens-socket Next.js example",
      apiDomain: pageParams().apiDomain,
      websiteDomain: window.location.origin,
      apiBasePath: "/auth",
      websiteBasePath: "/auth",
    },
    recipeList: [Session.init({ onHandleEvent: handleSessionEvent, preAPIHook: handlePreAPIHook })],
    windowHandler: (original) => ({
      ...original,
      location: {
        ...original.location,
        getPathName: () => routerInfo.pathName ?? window.location.pathname,
        assign: (url) => routerInfo.router?.push(url.toString()),
        setHref: (url) => routerInfo.router?.push(url.toString()),
      },
    }),
  };
}
