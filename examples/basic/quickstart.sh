#!/bin/sh
# The README's quickstart: apply examples/basic to the local simulator, then plan again to show
# that nothing is left to change. No cloud account is needed.
set -eu
cd "$(dirname "$0")/../.."

# The example reads one secret from the environment and one from a file that only its owner
# may read (mqsync refuses a secret file that others can read, as ssh does).
export MQSYNC_DEMO_SECRET='Demo-orders-1'
mkdir -p examples/basic/secrets
(umask 077 && printf 'Demo-billing-1\n' > examples/basic/secrets/billing.sk)

# sim:// runs the simulator inside each command, on a state file in your state directory
# ($XDG_STATE_HOME/mqsync, else ~/.local/state/mqsync), so the commands share one "cloud".
go build -o "${TMPDIR:-/tmp}/mqsync-quickstart" ./cmd/mqsync
mqsync="${TMPDIR:-/tmp}/mqsync-quickstart"
"$mqsync" apply --endpoint sim:// -f examples/basic/ --auto-approve
"$mqsync" plan --endpoint sim:// -f examples/basic/ --detailed-exitcode
