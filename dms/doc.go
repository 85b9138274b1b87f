// Package dms is a client for the Huawei Cloud DMS for RocketMQ REST API (v2): instances,
// brokers, topics, consumer groups and users.
//
// It owns the wire format, request signing, error classification, read retries and client-side
// rate limiting. It knows nothing of desired state or plans, and it never retries a write: only
// the caller can tell, by reading back, whether a failed write took effect.
package dms
