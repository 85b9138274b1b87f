// Package applier executes a plan against the DMS API: batch calls where the API has them,
// bounded concurrency elsewhere, retries only where the outcome of a failed call is known, and
// a read-back wherever it is not.
package applier
