package dms

import (
	"context"
	"net/http"
	"net/url"
)

// GroupPage is one page of an instance's consumer groups, with the instance's group quota.
type GroupPage struct {
	Groups []Group
	// Total counts the instance's groups; Max is how many it may have, Remaining how many
	// more it may take.
	Total, Max, Remaining int
	// NextOffset and PreviousOffset are the offsets of the neighbouring pages, -1 at the ends.
	NextOffset, PreviousOffset int
}

// ListGroupsOptions selects a page of groups and, with Name, filters them by name.
type ListGroupsOptions struct {
	Page
	Name string
}

// wireGroup is a consumer group on the wire, in answers and in requests alike. A zero
// RetryMaxTime is left out of a request so that the service applies its default.
type wireGroup struct {
	Name          string   `json:"name"`
	Enabled       bool     `json:"enabled"`
	Broadcast     bool     `json:"broadcast"`
	Brokers       []string `json:"brokers,omitempty"`
	RetryMaxTime  count    `json:"retry_max_time,omitempty"`
	FromBeginning bool     `json:"from_beginning"`
}

func toWireGroup(g Group) wireGroup {
	return wireGroup{Name: g.Name, Enabled: g.Enabled, Broadcast: g.Broadcast,
		Brokers: g.Brokers, RetryMaxTime: count(g.RetryMaxTime), FromBeginning: g.FromBeginning}
}

func (w wireGroup) public() Group {
	return Group{Name: w.Name, Enabled: w.Enabled, Broadcast: w.Broadcast,
		Brokers: nonNil(w.Brokers), RetryMaxTime: w.RetryMaxTime.int(),
		FromBeginning: w.FromBeginning}
}

// ListGroups returns one page of an instance's consumer groups.
func (c *Client) ListGroups(ctx context.Context, instanceID string,
	opts ListGroupsOptions) (GroupPage, error) {
	query := opts.Page.query()
	if opts.Name != "" {
		query.Set("group", opts.Name)
	}
	var out struct {
		wireListInfo
		Groups []wireGroup `json:"groups"`
	}
	err := c.do(ctx, request{op: OpListGroups, method: http.MethodGet,
		path: instancePath(instanceID, "groups"), names: instanceNames, query: query}, &out)
	if err != nil {
		return GroupPage{}, err
	}
	page := GroupPage{
		Groups: make([]Group, 0, len(out.Groups)), Total: out.Total.int(),
		Max: out.Max.int(), Remaining: out.Remaining.int(),
		NextOffset: out.NextOffset.int(), PreviousOffset: out.PreviousOffset.int(),
	}
	for _, w := range out.Groups {
		page.Groups = append(page.Groups, w.public())
	}
	return page, nil
}

// ListAllGroups returns every consumer group of an instance.
func (c *Client) ListAllGroups(ctx context.Context, instanceID string) ([]Group, error) {
	return listAll(ctx, c, OpListGroups, func(ctx context.Context, p Page) ([]Group, int, error) {
		page, err := c.ListGroups(ctx, instanceID, ListGroupsOptions{Page: p})
		return page.Groups, page.Total, err
	}, func(g Group) string { return g.Name })
}

// CreateGroup creates a consumer group. A name that is taken is an error IsAlreadyExists
// reports.
func (c *Client) CreateGroup(ctx context.Context, instanceID string, g Group) error {
	w := toWireGroup(g)
	w.Brokers = nonNil(w.Brokers)
	return c.do(ctx, request{op: OpCreateGroup, method: http.MethodPost,
		path: instancePath(instanceID, "groups"), names: instanceNames, body: w}, nil)
}

// DeleteGroups deletes consumer groups in one job and returns the job's id. The job runs
// after the call returns: read the groups back to see it done.
func (c *Client) DeleteGroups(ctx context.Context, instanceID string, names []string) (string,
	error) {
	var out wireJob
	err := c.do(ctx, request{op: OpDeleteGroups, method: http.MethodPost,
		path: instancePath(instanceID, "groups"), names: instanceNames,
		query: url.Values{"action": {"delete"}},
		body: struct {
			Groups []string `json:"groups"`
		}{nonNil(names)}}, &out)
	return out.JobID, err
}

// ModifyGroups changes consumer groups in one job and returns the job's id. A group's brokers
// cannot change; leave them nil to send none.
func (c *Client) ModifyGroups(ctx context.Context, instanceID string, groups []Group) (string,
	error) {
	body := struct {
		Groups []wireGroup `json:"groups"`
	}{Groups: make([]wireGroup, 0, len(groups))}
	for _, g := range groups {
		body.Groups = append(body.Groups, toWireGroup(g))
	}
	var out wireJob
	err := c.do(ctx, request{op: OpModifyGroups, method: http.MethodPut,
		path: instancePath(instanceID, "groups"), names: instanceNames, body: body}, &out)
	return out.JobID, err
}

// ShowGroup returns one consumer group. An unknown group is an error IsNotFound reports. The
// answer has no from_beginning, so FromBeginning is always false.
func (c *Client) ShowGroup(ctx context.Context, instanceID, name string) (Group, error) {
	var out wireGroup
	err := c.do(ctx, request{op: OpShowGroup, method: http.MethodGet,
		path: instancePath(instanceID, "groups", name), names: groupNames}, &out)
	if err != nil {
		return Group{}, err
	}
	if out.Name == "" {
		out.Name = name
	}
	return out.public(), nil
}

// ModifyGroup changes the consumer group g.Name. Its brokers cannot change; leave them nil to
// send none.
func (c *Client) ModifyGroup(ctx context.Context, instanceID string, g Group) error {
	return c.do(ctx, request{op: OpModifyGroup, method: http.MethodPut,
		path: instancePath(instanceID, "groups", g.Name), names: groupNames,
		body: toWireGroup(g)}, nil)
}

// DeleteGroup deletes one consumer group.
func (c *Client) DeleteGroup(ctx context.Context, instanceID, name string) error {
	return c.do(ctx, request{op: OpDeleteGroup, method: http.MethodDelete,
		path: instancePath(instanceID, "groups", name), names: groupNames}, nil)
}

// ListGroupTopics returns the names of the topics a consumer group consumes.
func (c *Client) ListGroupTopics(ctx context.Context, instanceID, group string) ([]string,
	error) {
	var out struct {
		Topics []string `json:"topics"`
	}
	err := c.do(ctx, request{op: OpListGroupTopics, method: http.MethodGet,
		path: instancePath(instanceID, "groups", group, "topics"), names: groupNames}, &out)
	if err != nil {
		return nil, err
	}
	return nonNil(out.Topics), nil
}
