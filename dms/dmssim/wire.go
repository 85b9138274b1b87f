package dmssim

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/mqsync/mqsync/secret"
)

// userJSON is a user on the wire and in the state file: the secret key in clear, as the service
// sends it.
type userJSON struct {
	AccessKey          string  `json:"access_key" yaml:"access_key"`
	SecretKey          string  `json:"secret_key" yaml:"secret_key"`
	WhiteRemoteAddress string  `json:"white_remote_address" yaml:"white_remote_address"`
	Admin              bool    `json:"admin" yaml:"admin"`
	DefaultTopicPerm   string  `json:"default_topic_perm" yaml:"default_topic_perm"`
	DefaultGroupPerm   string  `json:"default_group_perm" yaml:"default_group_perm"`
	TopicPerms         []Grant `json:"topic_perms" yaml:"topic_perms"`
	GroupPerms         []Grant `json:"group_perms" yaml:"group_perms"`
}

func userToJSON(u User) userJSON {
	return userJSON{
		AccessKey:          u.AccessKey,
		SecretKey:          u.SecretKey.Reveal(),
		WhiteRemoteAddress: u.WhiteRemoteAddress,
		Admin:              u.Admin,
		DefaultTopicPerm:   u.DefaultTopicPerm,
		DefaultGroupPerm:   u.DefaultGroupPerm,
		TopicPerms:         nonNil(u.TopicPerms),
		GroupPerms:         nonNil(u.GroupPerms),
	}
}

func (j userJSON) user() User {
	return User{
		AccessKey:          j.AccessKey,
		SecretKey:          secret.New(j.SecretKey),
		WhiteRemoteAddress: j.WhiteRemoteAddress,
		Admin:              j.Admin,
		DefaultTopicPerm:   j.DefaultTopicPerm,
		DefaultGroupPerm:   j.DefaultGroupPerm,
		TopicPerms:         j.TopicPerms,
		GroupPerms:         j.GroupPerms,
	}
}

// nonNil turns a nil slice into an empty one, so that JSON shows [] as the service does.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// count is a number in a request body. The official SDK declares counts as floating point, so
// 3.0 is accepted as 3; a fraction is not a count.
type count int

func (c *count) UnmarshalJSON(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("count %s: not a number", b)
	}
	if f != math.Trunc(f) || math.Abs(f) > math.MaxInt32 {
		return fmt.Errorf("count %s: not a whole number", b)
	}
	*c = count(f)
	return nil
}

// Request bodies. Pointers tell a field left out from a field set to its zero value.
type (
	topicRequest struct {
		Name       *string  `json:"name"`
		Brokers    []string `json:"brokers"`
		QueueNum   *count   `json:"queue_num"`
		Permission *string  `json:"permission"`
		Topics     []string `json:"topics"`
	}
	topicModifyRequest struct {
		ReadQueueNum  *count  `json:"read_queue_num"`
		WriteQueueNum *count  `json:"write_queue_num"`
		Permission    *string `json:"permission"`
	}
	groupRequest struct {
		Name          *string  `json:"name"`
		Enabled       *bool    `json:"enabled"`
		Broadcast     *bool    `json:"broadcast"`
		Brokers       []string `json:"brokers"`
		RetryMaxTime  *count   `json:"retry_max_time"`
		FromBeginning *bool    `json:"from_beginning"`
		// Groups lists names in a batch delete.
		Groups json.RawMessage `json:"groups"`
	}
	groupBatchRequest struct {
		Groups []groupRequest `json:"groups"`
	}
	userRequest struct {
		AccessKey          *string  `json:"access_key"`
		SecretKey          *string  `json:"secret_key"`
		WhiteRemoteAddress *string  `json:"white_remote_address"`
		Admin              *bool    `json:"admin"`
		DefaultTopicPerm   *string  `json:"default_topic_perm"`
		DefaultGroupPerm   *string  `json:"default_group_perm"`
		TopicPerms         *[]Grant `json:"topic_perms"`
		GroupPerms         *[]Grant `json:"group_perms"`
	}
	resetOffsetRequest struct {
		Topic     *string `json:"topic"`
		Timestamp *int64  `json:"timestamp"`
	}
)

// Response bodies that are more than one object.
type (
	topicList struct {
		Total          int     `json:"total"`
		Max            int     `json:"max"`
		Remaining      int     `json:"remaining"`
		NextOffset     int     `json:"next_offset"`
		PreviousOffset int     `json:"previous_offset"`
		Topics         []Topic `json:"topics"`
	}
	groupList struct {
		Total          int     `json:"total"`
		Groups         []Group `json:"groups"`
		Max            int     `json:"max"`
		Remaining      int     `json:"remaining"`
		NextOffset     int     `json:"next_offset"`
		PreviousOffset int     `json:"previous_offset"`
	}
	groupDetail struct {
		Enabled      bool     `json:"enabled"`
		Broadcast    bool     `json:"broadcast"`
		Brokers      []string `json:"brokers"`
		Name         string   `json:"name"`
		RetryMaxTime int      `json:"retry_max_time"`
		AppID        *string  `json:"app_id"`
		AppName      *string  `json:"app_name"`
		Permissions  []string `json:"permissions"`
	}
	userList struct {
		Users []userJSON `json:"users"`
		Total int        `json:"total"`
	}
	policy struct {
		AccessKey          string `json:"access_key"`
		SecretKey          string `json:"secret_key"`
		WhiteRemoteAddress string `json:"white_remote_address"`
		Admin              bool   `json:"admin"`
		Perm               string `json:"perm"`
	}
	policyList struct {
		Policies []policy `json:"policies"`
		Total    int      `json:"total"`
		Name     string   `json:"name"`
	}
	brokerJSON struct {
		BrokerName string `json:"broker_name"`
		IDs        []int  `json:"ids"`
	}
	queueStatus struct {
		ID              int   `json:"id"`
		MinOffset       int64 `json:"min_offset"`
		MaxOffset       int64 `json:"max_offset"`
		LastMessageTime int64 `json:"last_message_time"`
	}
	brokerStatus struct {
		Queues     []queueStatus `json:"queues"`
		BrokerName string        `json:"broker_name"`
	}
	resetQueue struct {
		BrokerName      string `json:"broker_name"`
		QueueID         int    `json:"queue_id"`
		TimestampOffset int64  `json:"timestamp_offset"`
	}
)

// instanceJSON is an instance as list and show describe it: the fields mqsync reads and a
// plausible value for the others that the service always sends.
type instanceJSON struct {
	Name              string   `json:"name"`
	Engine            string   `json:"engine"`
	Status            string   `json:"status"`
	Description       string   `json:"description"`
	Type              string   `json:"type"`
	Specification     string   `json:"specification"`
	EngineVersion     string   `json:"engine_version"`
	InstanceID        string   `json:"instance_id"`
	ChargingMode      int      `json:"charging_mode"`
	CreatedAt         string   `json:"created_at"`
	ProductID         string   `json:"product_id"`
	AvailableZones    []string `json:"available_zones"`
	MaintainBegin     string   `json:"maintain_begin"`
	MaintainEnd       string   `json:"maintain_end"`
	StorageSpace      int      `json:"storage_space"`
	TotalStorageSpace int      `json:"total_storage_space"`
	UsedStorageSpace  int      `json:"used_storage_space"`
	EnablePublicIP    bool     `json:"enable_publicip"`
	SSLEnable         bool     `json:"ssl_enable"`
	StorageSpecCode   string   `json:"storage_spec_code"`
	SupportFeatures   string   `json:"support_features"`
	NodeNum           int      `json:"node_num"`
	EnableACL         bool     `json:"enable_acl"`
	BrokerNum         int      `json:"broker_num"`
	NamesrvAddress    string   `json:"namesrv_address"`
	BrokerAddress     string   `json:"broker_address"`
}
