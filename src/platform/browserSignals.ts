import { signalBus } from "../core/signals";
import { browserPlatform } from "./browser";

/** The session signals of apps in a browser, whatever their SDK: every browser entry's handles hear this one bus. */
export const browserSignals = /* @__PURE__ */ signalBus(browserPlatform);
