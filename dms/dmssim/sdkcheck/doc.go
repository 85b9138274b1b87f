// Package sdkcheck checks the DMS simulator against the official Huawei Cloud Go SDK
// (github.com/huaweicloud/huaweicloud-sdk-go-v3, services/rocketmq/v2): its tests start a
// simulator that requires AK/SK signatures, point the SDK's own client at it over loopback
// HTTP, and run every operation mqsync uses, asserting that the SDK signs requests the
// simulator accepts and decodes every answer, and every error, to the values expected.
//
// It is a module of its own so that the SDK, which is large and needed by these tests only,
// never becomes a dependency of mqsync. It holds no code besides the tests; run them with
// `go test ./...` from this directory.
package sdkcheck
