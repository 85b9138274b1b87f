package dms

import (
	"context"
	"net/http"
	"net/url"
)

// TopicPage is one page of an instance's topics, with the instance's topic quota.
type TopicPage struct {
	Topics []Topic
	// Total counts the instance's topics; Max is how many it may have, Remaining how many
	// more it may take.
	Total, Max, Remaining int
	// NextOffset and PreviousOffset are the offsets of the neighbouring pages, -1 at the ends.
	NextOffset, PreviousOffset int
}

// CreateTopicRequest creates a topic. Zero QueueNum and empty Permission leave the service's
// defaults (3 queues, TopicPermAll).
type CreateTopicRequest struct {
	Name    string
	Brokers []string
	// QueueNum is the number of queues on each listed broker.
	QueueNum   int
	Permission string
}

// ModifyTopicRequest changes a topic. Zero fields are left as they are.
type ModifyTopicRequest struct {
	// ReadQueueNum and WriteQueueNum are totals over all the topic's brokers.
	ReadQueueNum, WriteQueueNum int
	Permission                  string
}

// wireTopic is a topic on the wire.
type wireTopic struct {
	Name               string `json:"name"`
	TotalReadQueueNum  count  `json:"total_read_queue_num"`
	TotalWriteQueueNum count  `json:"total_write_queue_num"`
	Permission         string `json:"permission"`
	Brokers            []struct {
		BrokerName    string `json:"broker_name"`
		ReadQueueNum  count  `json:"read_queue_num"`
		WriteQueueNum count  `json:"write_queue_num"`
	} `json:"brokers"`
}

func (w wireTopic) public() Topic {
	t := Topic{
		Name: w.Name, TotalReadQueueNum: w.TotalReadQueueNum.int(),
		TotalWriteQueueNum: w.TotalWriteQueueNum.int(), Permission: w.Permission,
		Brokers: make([]TopicBroker, 0, len(w.Brokers)),
	}
	for _, b := range w.Brokers {
		t.Brokers = append(t.Brokers, TopicBroker{BrokerName: b.BrokerName,
			ReadQueueNum: b.ReadQueueNum.int(), WriteQueueNum: b.WriteQueueNum.int()})
	}
	return t
}

// ListTopics returns one page of an instance's topics.
func (c *Client) ListTopics(ctx context.Context, instanceID string, p Page) (TopicPage, error) {
	var out struct {
		wireListInfo
		Topics []wireTopic `json:"topics"`
	}
	err := c.do(ctx, request{op: OpListTopics, method: http.MethodGet,
		path: instancePath(instanceID, "topics"), names: instanceNames, query: p.query()}, &out)
	if err != nil {
		return TopicPage{}, err
	}
	page := TopicPage{
		Topics: make([]Topic, 0, len(out.Topics)), Total: out.Total.int(),
		Max: out.Max.int(), Remaining: out.Remaining.int(),
		NextOffset: out.NextOffset.int(), PreviousOffset: out.PreviousOffset.int(),
	}
	for _, w := range out.Topics {
		page.Topics = append(page.Topics, w.public())
	}
	return page, nil
}

// ListAllTopics returns every topic of an instance.
func (c *Client) ListAllTopics(ctx context.Context, instanceID string) ([]Topic, error) {
	return listAll(ctx, c, OpListTopics, func(ctx context.Context, p Page) ([]Topic, int, error) {
		page, err := c.ListTopics(ctx, instanceID, p)
		return page.Topics, page.Total, err
	}, func(t Topic) string { return t.Name })
}

// CreateTopic creates a topic. A name that is taken is an error IsAlreadyExists reports.
func (c *Client) CreateTopic(ctx context.Context, instanceID string, t CreateTopicRequest) error {
	body := struct {
		Name       string   `json:"name"`
		Brokers    []string `json:"brokers"`
		QueueNum   int      `json:"queue_num,omitempty"`
		Permission string   `json:"permission,omitempty"`
	}{t.Name, nonNil(t.Brokers), t.QueueNum, t.Permission}
	return c.do(ctx, request{op: OpCreateTopic, method: http.MethodPost,
		path: instancePath(instanceID, "topics"), names: instanceNames, body: body}, nil)
}

// DeleteTopics deletes topics in one job and returns the job's id. The job runs after the
// call returns: read the topics back to see it done.
func (c *Client) DeleteTopics(ctx context.Context, instanceID string, names []string) (string,
	error) {
	var out wireJob
	err := c.do(ctx, request{op: OpDeleteTopics, method: http.MethodPost,
		path: instancePath(instanceID, "topics"), names: instanceNames,
		query: url.Values{"action": {"delete"}},
		body: struct {
			Topics []string `json:"topics"`
		}{nonNil(names)}}, &out)
	return out.JobID, err
}

// ShowTopic returns one topic. An unknown topic is an error IsNotFound reports.
func (c *Client) ShowTopic(ctx context.Context, instanceID, name string) (Topic, error) {
	var out wireTopic
	err := c.do(ctx, request{op: OpShowTopic, method: http.MethodGet,
		path: instancePath(instanceID, "topics", name), names: topicNames}, &out)
	if err != nil {
		return Topic{}, err
	}
	// The answer describes the topic without naming it.
	if out.Name == "" {
		out.Name = name
	}
	return out.public(), nil
}

// ModifyTopic changes a topic's queues or permission.
func (c *Client) ModifyTopic(ctx context.Context, instanceID, name string,
	m ModifyTopicRequest) error {
	body := struct {
		ReadQueueNum  int    `json:"read_queue_num,omitempty"`
		WriteQueueNum int    `json:"write_queue_num,omitempty"`
		Permission    string `json:"permission,omitempty"`
	}{m.ReadQueueNum, m.WriteQueueNum, m.Permission}
	return c.do(ctx, request{op: OpModifyTopic, method: http.MethodPut,
		path: instancePath(instanceID, "topics", name), names: topicNames, body: body}, nil)
}

// DeleteTopic deletes one topic.
func (c *Client) DeleteTopic(ctx context.Context, instanceID, name string) error {
	return c.do(ctx, request{op: OpDeleteTopic, method: http.MethodDelete,
		path: instancePath(instanceID, "topics", name), names: topicNames}, nil)
}

// ListTopicGroups returns the names of the consumer groups that consume a topic.
func (c *Client) ListTopicGroups(ctx context.Context, instanceID, topic string) ([]string,
	error) {
	var out struct {
		Groups []string `json:"groups"`
	}
	err := c.do(ctx, request{op: OpListTopicGroups, method: http.MethodGet,
		path: instancePath(instanceID, "topics", topic, "groups"), names: topicNames}, &out)
	if err != nil {
		return nil, err
	}
	return nonNil(out.Groups), nil
}
