import { errors } from "../core/errors";

/** The four session functions the core calls; each SDK adapter supplies them, an app's options may replace any. */
export interface SessionFunctions {
  getAccessToken(): Promise<string | undefined>;
  attemptRefreshingSession(): Promise<boolean>;
  doesSessionExist(): Promise<boolean>;
  getAccessTokenPayload(): Promise<Record<string, unknown>>;
}

/** What an adapter tells about its SDK, for the messages that name the fix. */
export interface SdkDescription {
  /** The SDK's module namespace, read at each call. */
  sdk: Record<string, unknown>;
  /** The SDK's names of the four functions, in {@link SessionFunctions}' order. */
  names: [string, string, string, string];
  /** What to say when the functions are missing: the SDK is not loaded. */
  notLoaded: string;
  /** The SDK's words for "not set up" (init not called, a second copy). */
  notSetUp: RegExp;
  /** What to say then. */
  setUp: string;
}

/**
 * An SDK's session functions, each looked up when called (never at import: the app's `init` fills the SDK's
 * singleton later, and a script-tag page may load the SDK after this package). A setup mistake, thrown at once or as
 * a rejection, becomes INVALID_OPTIONS naming the fix: it is not an outage, and no retry can cure it. Any other error
 * passes through as it is.
 */
export function sdkSession({ sdk, names, notLoaded, notSetUp, setUp }: SdkDescription): SessionFunctions {
  const call = (name: string) => async () => {
    const fn = sdk?.[name];
    if (typeof fn !== "function") throw errors.invalidOptions(notLoaded);
    try {
      return await fn();
    } catch (cause) {
      if (cause instanceof Error && notSetUp.test(cause.message)) throw errors.invalidOptions(setUp, cause);
      throw cause;
    }
  };
  const [getAccessToken, attemptRefreshingSession, doesSessionExist, getAccessTokenPayload] = names.map(call);
  return { getAccessToken, attemptRefreshingSession, doesSessionExist, getAccessTokenPayload } as SessionFunctions;
}
