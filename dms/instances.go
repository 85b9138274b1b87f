package dms

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// EngineReliability is the engine name the API gives RocketMQ instances. The official SDK
// sends "rocketmq" instead; the service accepts both.
const EngineReliability = "reliability"

// ListInstancesOptions filters ListInstances. Zero fields do not filter.
type ListInstancesOptions struct {
	// Engine defaults to EngineReliability.
	Engine string
	// Name matches part of a name, or the whole name with ExactMatchName.
	Name           string
	ExactMatchName bool
	InstanceID     string
	Status         string
	// Limit and Offset page the list; zero Limit leaves the service's default.
	Limit, Offset int
}

// query returns the options as the list's query parameters.
func (o ListInstancesOptions) query() url.Values {
	q := url.Values{}
	q.Set("engine", EngineReliability)
	if o.Engine != "" {
		q.Set("engine", o.Engine)
	}
	for key, value := range map[string]string{
		"name": o.Name, "instance_id": o.InstanceID, "status": o.Status,
	} {
		if value != "" {
			q.Set(key, value)
		}
	}
	if o.ExactMatchName {
		q.Set("exact_match_name", "true")
	}
	if o.Limit > 0 {
		q.Set("limit", strconv.Itoa(o.Limit))
		q.Set("offset", strconv.Itoa(o.Offset))
	}
	return q
}

// InstancePage is one page of instances and the number of instances that match.
type InstancePage struct {
	Instances []Instance
	Total     int
}

// wireInstance is an instance on the wire; only the fields mqsync uses are decoded.
type wireInstance struct {
	InstanceID    string `json:"instance_id"`
	Name          string `json:"name"`
	Engine        string `json:"engine"`
	EngineVersion string `json:"engine_version"`
	Status        string `json:"status"`
	EnableACL     bool   `json:"enable_acl"`
	BrokerNum     count  `json:"broker_num"`
	ProductID     string `json:"product_id"`
}

func (w wireInstance) public() Instance {
	return Instance{
		InstanceID: w.InstanceID, Name: w.Name, Engine: w.Engine,
		EngineVersion: w.EngineVersion, Status: w.Status, EnableACL: w.EnableACL,
		BrokerNum: w.BrokerNum.int(), ProductID: w.ProductID,
	}
}

// ListInstances returns one page of the project's instances.
func (c *Client) ListInstances(ctx context.Context, opts ListInstancesOptions) (InstancePage,
	error) {
	var out struct {
		Instances   []wireInstance `json:"instances"`
		InstanceNum count          `json:"instance_num"`
	}
	err := c.do(ctx, request{op: OpListInstances, method: http.MethodGet,
		path: []string{"instances"}, query: opts.query()}, &out)
	if err != nil {
		return InstancePage{}, err
	}
	page := InstancePage{Instances: make([]Instance, 0, len(out.Instances)),
		Total: out.InstanceNum.int()}
	for _, w := range out.Instances {
		page.Instances = append(page.Instances, w.public())
	}
	return page, nil
}

// ListAllInstances returns every instance that opts selects, reading page after page; opts'
// Limit and Offset are ignored.
func (c *Client) ListAllInstances(ctx context.Context, opts ListInstancesOptions) ([]Instance,
	error) {
	return listAll(ctx, c, OpListInstances, func(ctx context.Context, p Page) ([]Instance, int,
		error) {
		// Pages are read concurrently: each gets its own copy of the options.
		pageOpts := opts
		pageOpts.Limit, pageOpts.Offset = p.Limit, p.Offset
		page, err := c.ListInstances(ctx, pageOpts)
		return page.Instances, page.Total, err
	}, func(i Instance) string { return i.InstanceID })
}

// FindInstance returns the one instance named name exactly. No such instance is an error that
// wraps ErrInstanceNotFound (IsNotFound reports it); several are an *AmbiguousInstanceError.
func (c *Client) FindInstance(ctx context.Context, name string) (Instance, error) {
	all, err := c.ListAllInstances(ctx, ListInstancesOptions{Name: name, ExactMatchName: true})
	if err != nil {
		return Instance{}, fmt.Errorf("find instance %q: %w", name, err)
	}

	// The name filter matches parts of names unless the service honours exact_match_name:
	// compare here as well.
	var found []Instance
	for _, inst := range all {
		if inst.Name == name {
			found = append(found, inst)
		}
	}
	switch len(found) {
	case 0:
		return Instance{}, fmt.Errorf("find instance %q: %w", name, ErrInstanceNotFound)
	case 1:
		return found[0], nil
	}
	ids := make([]string, len(found))
	for i, inst := range found {
		ids[i] = inst.InstanceID
	}
	return Instance{}, &AmbiguousInstanceError{Name: name, IDs: ids}
}

// ShowInstance returns one instance. An unknown id is an error IsNotFound reports.
func (c *Client) ShowInstance(ctx context.Context, instanceID string) (Instance, error) {
	var out wireInstance
	err := c.do(ctx, request{op: OpShowInstance, method: http.MethodGet,
		path: instancePath(instanceID), names: instanceNames}, &out)
	if err != nil {
		return Instance{}, err
	}
	return out.public(), nil
}

// ListBrokers returns the brokers of an instance.
func (c *Client) ListBrokers(ctx context.Context, instanceID string) ([]Broker, error) {
	var out struct {
		Brokers []struct {
			BrokerName string  `json:"broker_name"`
			IDs        []count `json:"ids"`
		} `json:"brokers"`
	}
	err := c.do(ctx, request{op: OpListBrokers, method: http.MethodGet,
		path: instancePath(instanceID, "brokers"), names: instanceNames}, &out)
	if err != nil {
		return nil, err
	}
	brokers := make([]Broker, 0, len(out.Brokers))
	for _, b := range out.Brokers {
		brokers = append(brokers, Broker{BrokerName: b.BrokerName, IDs: counts(b.IDs)})
	}
	return brokers, nil
}

// Labels of the caller's segments in instance paths, for error messages.
var (
	instanceNames = map[int]string{1: "instance id"}
	topicNames    = map[int]string{1: "instance id", 3: "topic name"}
	groupNames    = map[int]string{1: "instance id", 3: "group name"}
	userNames     = map[int]string{1: "instance id", 3: "access key"}
)
