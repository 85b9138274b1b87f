// Package planner computes what must change on a RocketMQ instance to make it match the desired
// state: a pure function of desired state, live state and options, with no I/O and no logging.
// The plan it returns is a value that the applier executes and the renderers print.
package planner
