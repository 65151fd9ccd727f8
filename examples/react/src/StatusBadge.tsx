import type { AuthedSocketError } from "supertokens-socket";
import type { UseAuthedSocketStatus } from "supertokens-socket/react";

export function StatusBadge({ status, error }: { status: UseAuthedSocketStatus; error: AuthedSocketError | undefined }) {
  return (
    <span className="badge" data-testid="status" data-status={status} title={error?.message}>
      {status}
      {error && status !== "connected" ? ` (${error.code})` : ""}
    </span>
  );
}
