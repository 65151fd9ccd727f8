import type { SignalBus } from "./signals";
import type { SessionFunctions } from "../sessions/SessionFunctions";

/**
 * What an entry gives the SDK-free core: its SDK's session functions (the defaults of the options of the same names)
 * and its platform's session signals.
 */
export interface Environment {
  session: SessionFunctions;
  signals: SignalBus;
}
