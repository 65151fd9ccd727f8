// The session row of the emulated core, and the shapes it stores and hands out.

export type Json = Record<string, unknown>;

/** A token as the core hands it out (an access or a refresh token). */
export interface TokenInfo {
  token: string;
  expiry: number;
  createdTime: number;
}

export interface SessionRow {
  handle: string;
  userId: string;
  recipeUserId: string;
  tenantId: string;
  refreshTokenHash2: string;
  expiry: number;
  timeCreated: number;
  userDataInJWT: Json;
  userDataInDatabase: Json;
  useStaticKey: boolean;
}
