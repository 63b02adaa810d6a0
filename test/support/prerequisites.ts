/**
 * Tests that need something of the machine (root for network namespaces,
 * coturn) skip where it is missing, on a developer's machine. On CI it is
 * never missing (.ci/run installs it), so there a missing prerequisite is an
 * error: those tests can never pass by being skipped.
 */
export function prerequisite(present: boolean, what: string): boolean {
  if (!present && process.env['CI']) throw new Error(`${what}: missing on CI, where .ci/run installs it; these tests must not be skipped there`);
  return present;
}
