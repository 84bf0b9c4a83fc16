#!/bin/sh
# A test exec credential plugin. Counts its runs in $PLUGIN_COUNT, saves KUBERNETES_EXEC_INFO to $PLUGIN_INFO,
# waits for the file $PLUGIN_GATE when set, then prints $PLUGIN_OUTPUT (or $PLUGIN_OUTPUT.<run> when it exists)
# with @N@ replaced by the run number.
set -e
n=$(( $(cat "$PLUGIN_COUNT" 2>/dev/null || echo 0) + 1 ))
echo "$n" > "$PLUGIN_COUNT"
if [ -n "$PLUGIN_INFO" ]; then printf '%s' "$KUBERNETES_EXEC_INFO" > "$PLUGIN_INFO"; fi
if [ -n "$PLUGIN_GATE" ]; then
	while [ ! -f "$PLUGIN_GATE" ]; do sleep 0.05; done
fi
output="$PLUGIN_OUTPUT"
if [ -f "$PLUGIN_OUTPUT.$n" ]; then output="$PLUGIN_OUTPUT.$n"; fi
sed "s/@N@/$n/g" "$output"
exit "${PLUGIN_EXIT:-0}"
