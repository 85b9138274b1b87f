package dmssim

import (
	"fmt"
	"net/http"
)

// Error codes the simulator answers with. Most come from the error-code table of the API
// reference; where the reference names no code for a situation, the simulator picks the closest
// one from that table. The choices:
//
//	situation                                         status  code          source
//	request body is empty                             400     DMS.00400004  reference
//	request body is not JSON, or a field has a type
//	the operation does not take                       400     DMS.00400005  reference
//	project id is not 32 hexadecimal characters       400     DMS.00400002  reference
//	instance id is not a UUID                         400     DMS.00400030  reference
//	unknown instance                                  404     DMS.00404022  reference
//	change to an instance that is not RUNNING         400     DMS.00400026  reference
//	topic or group name with a character outside
//	letters, digits, %, |, - and _                    400     DMS.10240007  reference
//	topic or group name not 3 to 64 characters long   400     DMS.10240011  reference, message
//	                                                                        says 3 to 64
//	a field out of range or not one of its values
//	(queue_num, retry_max_time, permission, perm,
//	brokers, read/write_queue_num, empty batch)       400     DMS.00400085  chosen: "the error
//	                                                                        key is <key>"
//	topic already exists                              400     DMS.10240017  chosen: "the queue
//	                                                                        already exists"
//	consumer group already exists                     400     DMS.10240018  reference
//	topic quota of the instance used up               400     DMS.10240020  reference
//	group quota of the instance used up               400     DMS.10240019  reference
//	unknown topic                                     404     DMS.10240401  chosen: "the queue
//	                                                                        ... not found"
//	unknown consumer group                            404     DMS.10240405  reference
//	user name (access_key) invalid                    400     DMS.00400015  reference
//	secret key too weak                               400     DMS.00400012  reference
//	user already exists                               400     DMS.00400062  chosen: invalid
//	                                                                        request parameter
//	user change on an instance without ACL            400     DMS.00400062  chosen
//	unknown user                                      400     DMS.00500972  as the service does
//	limit out of range or not a number                400     DMS.10240042  reference
//	offset negative or not a number                   400     DMS.10240043  reference
//	reset offset to a negative timestamp              400     DMS.00400142  reference
//	no such path                                      404     DMS.00404001  reference
//	method not allowed on a path                      405     DMS.00405001  reference
//	flow control (rate limit, injected)               404     DMS.10240407  reference
//	injected 500                                      500     DMS.00500000  reference
//	injected 503                                      503     DMS.10250005  chosen: internal
//	                                                                        communication error
//	injected 429                                      429     APIGW.0308    the gateway's
//	                                                                        throttling code
//	authentication failed                             401     APIGW.0301    reference
const (
	CodeEmptyBody        = "DMS.00400004"
	CodeMalformedBody    = "DMS.00400005"
	CodeBadProjectID     = "DMS.00400002"
	CodeBadInstanceID    = "DMS.00400030"
	CodeNoInstance       = "DMS.00404022"
	CodeInstanceStatus   = "DMS.00400026"
	CodeNameCharacters   = "DMS.10240007"
	CodeNameLength       = "DMS.10240011"
	CodeBadField         = "DMS.00400085"
	CodeTopicExists      = "DMS.10240017"
	CodeGroupExists      = "DMS.10240018"
	CodeTopicQuota       = "DMS.10240020"
	CodeGroupQuota       = "DMS.10240019"
	CodeNoTopic          = "DMS.10240401"
	CodeNoGroup          = "DMS.10240405"
	CodeBadUserName      = "DMS.00400015"
	CodeWeakSecret       = "DMS.00400012"
	CodeInvalidParameter = "DMS.00400062"
	CodeNoUser           = "DMS.00500972"
	CodeBadLimit         = "DMS.10240042"
	CodeBadOffset        = "DMS.10240043"
	CodeBadTimestamp     = "DMS.00400142"
	CodeNoURL            = "DMS.00404001"
	CodeMethod           = "DMS.00405001"
	CodeFlowControl      = "DMS.10240407"
	CodeInternal         = "DMS.00500000"
	CodeUnavailable      = "DMS.10250005"
	CodeThrottled        = "APIGW.0308"
	CodeAuth             = "APIGW.0301"
)

// apiError is an answer other than success: an HTTP status and the service's error body.
type apiError struct {
	status int
	code   string
	msg    string
	// gateway errors carry the request id in the body as well as in the header.
	gateway bool
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.msg) }

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, msg: fmt.Sprintf(format, args...)}
}

// badField reports a request field whose value the operation does not accept, in the words of
// the service's "error key" message.
func badField(key, format string, args ...any) *apiError {
	return errorf(http.StatusBadRequest, CodeBadField,
		"The message body contains invalid characters or is not in JSON format. "+
			"The error key is %s: %s", key, fmt.Sprintf(format, args...))
}

func errNoInstance(id string) *apiError {
	return errorf(http.StatusNotFound, CodeNoInstance, "This instance does not exist: %s.", id)
}

func errNoTopic(name string) *apiError {
	return errorf(http.StatusNotFound, CodeNoTopic,
		"The queue ID is incorrect or not found: topic %s does not exist.", name)
}

func errNoGroup(name string) *apiError {
	return errorf(http.StatusNotFound, CodeNoGroup,
		"The consumption group ID is incorrect or not found: group %s does not exist.", name)
}

func errNoUser(name string) *apiError {
	return errorf(http.StatusBadRequest, CodeNoUser, "The user %s does not exist.", name)
}
