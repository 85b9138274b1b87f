// Package dmssim is a local simulator of the Huawei Cloud DMS for RocketMQ REST API (v2), faithful
// enough that a client pointed at it cannot tell it from the service for the operations mqsync
// uses: instances and brokers, topics, consumer groups, users and their access policies.
//
// It owns its own wire types and its own request-signature verifier, written from the API
// reference rather than shared with the dms client, so that a misreading of the reference in
// one shows up as a failing test in the other instead of cancelling out.
//
// A Server holds projects of instances in memory, keeps each instance's topics, groups and users
// in name-sorted indexes (a page costs O(page), not a scan), validates requests as the service
// does, answers with the service's status codes and error bodies, and can inject the faults the
// real service produces on a bad day (latency, 5xx, 429, flow control, connection resets, and
// commits whose answer never arrives). With a state file it saves every change atomically, so
// successive processes see the same "cloud".
//
// Outside the API's paths, GET /_sim/stats reports request counts per operation and status, and
// POST /_sim/reset clears them; tests use them to assert how many calls something made.
//
// The package knows nothing of desired state, plans or the dms client.
package dmssim
