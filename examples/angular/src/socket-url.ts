import { InjectionToken } from "@angular/core";

/** Where the socket server is (main.ts provides it from ?socketUrl=). */
export const SOCKET_URL = new InjectionToken<string>("SOCKET_URL");
