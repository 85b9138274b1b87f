package dms

import (
	"context"
	"net/http"
	"time"

	"github.com/mqsync/mqsync/secret"
)

// TopicStatus holds the message offsets of a topic's queues, broker by broker.
type TopicStatus struct {
	Brokers []BrokerStatus
}

// BrokerStatus is the part of a topic's status on one broker.
type BrokerStatus struct {
	BrokerName string
	Queues     []QueueStatus
}

// QueueStatus is one queue's offsets. MaxOffset minus MinOffset is the number of messages the
// queue holds.
type QueueStatus struct {
	ID                   int
	MinOffset, MaxOffset int64
	// LastMessageTime is when the last message arrived; zero when the queue never had one.
	LastMessageTime time.Time
}

// AccessPolicy is one user's access to a topic or group, as the read-only access-policy
// views show it. The service sends the user's secret key with it; SecretKey never prints.
type AccessPolicy struct {
	AccessKey          string
	SecretKey          secret.Value
	WhiteRemoteAddress string
	Admin              bool
	Perm               string
}

// AccessPolicyPage is one page of the users with access to a topic or group.
type AccessPolicyPage struct {
	Policies []AccessPolicy
	Total    int
	// Name is the topic or group the page is about.
	Name string
}

// wireTopicStatus is a topic's status on the wire. The reference's example sends brokers as
// one object, its table as a list: both decode.
type wireTopicStatus struct {
	Brokers oneOrMany[struct {
		BrokerName string `json:"broker_name"`
		Queues     []struct {
			ID              count `json:"id"`
			MinOffset       count `json:"min_offset"`
			MaxOffset       count `json:"max_offset"`
			LastMessageTime count `json:"last_message_time"`
		} `json:"queues"`
	}] `json:"brokers"`
}

// TopicStatus returns the message offsets of a topic's queues.
func (c *Client) TopicStatus(ctx context.Context, instanceID, topic string) (TopicStatus,
	error) {
	var out wireTopicStatus
	err := c.do(ctx, request{op: OpShowTopicStatus, method: http.MethodGet,
		path: instancePath(instanceID, "topics", topic, "status"), names: topicNames}, &out)
	if err != nil {
		return TopicStatus{}, err
	}
	status := TopicStatus{Brokers: make([]BrokerStatus, 0, len(out.Brokers))}
	for _, b := range out.Brokers {
		bs := BrokerStatus{BrokerName: b.BrokerName, Queues: make([]QueueStatus, 0, len(b.Queues))}
		for _, q := range b.Queues {
			qs := QueueStatus{ID: q.ID.int(), MinOffset: int64(q.MinOffset),
				MaxOffset: int64(q.MaxOffset)}
			if q.LastMessageTime > 0 {
				qs.LastMessageTime = time.UnixMilli(int64(q.LastMessageTime)).UTC()
			}
			bs.Queues = append(bs.Queues, qs)
		}
		status.Brokers = append(status.Brokers, bs)
	}
	return status, nil
}

// wirePolicyPage is a page of access policies on the wire; the reference's example sends a
// single policy as an object.
type wirePolicyPage struct {
	Policies oneOrMany[struct {
		AccessKey          string     `json:"access_key"`
		SecretKey          wireSecret `json:"secret_key"`
		WhiteRemoteAddress string     `json:"white_remote_address"`
		Admin              bool       `json:"admin"`
		Perm               string     `json:"perm"`
	}] `json:"policies"`
	Total count  `json:"total"`
	Name  string `json:"name"`
}

func (w wirePolicyPage) public() AccessPolicyPage {
	page := AccessPolicyPage{Policies: make([]AccessPolicy, 0, len(w.Policies)),
		Total: w.Total.int(), Name: w.Name}
	for _, p := range w.Policies {
		page.Policies = append(page.Policies, AccessPolicy{AccessKey: p.AccessKey,
			SecretKey: p.SecretKey.value(), WhiteRemoteAddress: p.WhiteRemoteAddress,
			Admin: p.Admin, Perm: p.Perm})
	}
	return page
}

// ListTopicAccessPolicies returns one page of the users with access to a topic.
func (c *Client) ListTopicAccessPolicies(ctx context.Context, instanceID, topic string,
	p Page) (AccessPolicyPage, error) {
	return c.listPolicies(ctx, request{op: OpListTopicAccessPolicies, method: http.MethodGet,
		path:  instancePath(instanceID, "topics", topic, "accesspolicy"),
		names: topicNames, query: p.query()})
}

// ListAllTopicAccessPolicies returns every user with access to a topic.
func (c *Client) ListAllTopicAccessPolicies(ctx context.Context, instanceID,
	topic string) ([]AccessPolicy, error) {
	return listAll(ctx, c, OpListTopicAccessPolicies, func(ctx context.Context,
		p Page) ([]AccessPolicy, int, error) {
		page, err := c.ListTopicAccessPolicies(ctx, instanceID, topic, p)
		return page.Policies, page.Total, err
	}, policyKey)
}

// ListGroupAccessPolicies returns one page of the users with access to a consumer group.
func (c *Client) ListGroupAccessPolicies(ctx context.Context, instanceID, group string,
	p Page) (AccessPolicyPage, error) {
	return c.listPolicies(ctx, request{op: OpListGroupAccessPolicies, method: http.MethodGet,
		engine: groupPolicyEngine,
		path:   instancePath(instanceID, "groups", group, "accesspolicy"),
		names:  groupNames, query: p.query()})
}

// listPolicies reads one page of an access-policy view.
func (c *Client) listPolicies(ctx context.Context, r request) (AccessPolicyPage, error) {
	var out wirePolicyPage
	if err := c.do(ctx, r, &out); err != nil {
		return AccessPolicyPage{}, err
	}
	return out.public(), nil
}

// ListAllGroupAccessPolicies returns every user with access to a consumer group.
func (c *Client) ListAllGroupAccessPolicies(ctx context.Context, instanceID,
	group string) ([]AccessPolicy, error) {
	return listAll(ctx, c, OpListGroupAccessPolicies, func(ctx context.Context,
		p Page) ([]AccessPolicy, int, error) {
		page, err := c.ListGroupAccessPolicies(ctx, instanceID, group, p)
		return page.Policies, page.Total, err
	}, policyKey)
}

// policyKey identifies an access policy within one list.
func policyKey(p AccessPolicy) string { return p.AccessKey }
