package dmssim

import (
	"encoding/json"
	"net/http"
	"slices"
)

// listGroups answers a page of groups in name order, with the instance's quota. The group
// parameter keeps only names that contain it (a scan, as filtering must be).
func listGroups(s *Server, c *call) (result, *apiError) {
	offset, limit, err := paging(c)
	if err != nil {
		return result{}, err
	}
	return s.read(c, func(in *instance) (result, *apiError) {
		names, total := in.groupIdx.page(offset, limit), in.groupIdx.len()
		if sub := c.query.Get("group"); sub != "" {
			names, total = in.groupIdx.filtered(sub, offset, limit)
		}
		list := groupList{Total: total, Max: in.quota(), Groups: make([]Group, 0, len(names))}
		list.Remaining = max(0, list.Max-in.groupIdx.len())
		list.NextOffset, list.PreviousOffset = pageOffsets(offset, limit, total)
		for _, n := range names {
			list.Groups = append(list.Groups, cloneGroup(*in.groups[n]))
		}
		return ok(list)
	})
}

// createGroup creates a group; left out, enabled is true, retry_max_time 16 and brokers every
// broker.
func createGroup(s *Server, c *call) (result, *apiError) {
	var req groupRequest
	if err := decode(c, &req); err != nil {
		return result{}, err
	}
	name := deref(req.Name)
	if err := checkName("group", name); err != nil {
		return result{}, err
	}
	g := Group{Name: name, Enabled: true, RetryMaxTime: DefaultRetryMaxTime}
	if err := req.applyTo(&g); err != nil {
		return result{}, err
	}

	return s.change(c, func(in *instance) (result, bool, *apiError) {
		brokers, err := pickBrokers(in, req.Brokers)
		if err != nil {
			return result{}, false, err
		}
		g.Brokers = brokers
		if in.groups[name] != nil {
			return result{}, false, errorf(http.StatusBadRequest, CodeGroupExists,
				"The consumer group already exists: %s.", name)
		}
		if in.groupIdx.len() >= in.quota() {
			return result{}, false, errorf(http.StatusBadRequest, CodeGroupQuota,
				"The number of consumer groups exceeds the upper limit of %d.", in.quota())
		}
		in.addGroup(g)
		return result{http.StatusOK, map[string]string{"name": name}}, true, nil
	})
}

// applyTo sets the fields the request carries on g, checking their values. Brokers are left to
// the caller: they are fixed at creation.
func (req groupRequest) applyTo(g *Group) *apiError {
	if req.Enabled != nil {
		g.Enabled = *req.Enabled
	}
	if req.Broadcast != nil {
		g.Broadcast = *req.Broadcast
	}
	if req.FromBeginning != nil {
		g.FromBeginning = *req.FromBeginning
	}
	if req.RetryMaxTime != nil {
		g.RetryMaxTime = int(*req.RetryMaxTime)
	}
	return checkRetryMaxTime(g.RetryMaxTime)
}

// modified returns g with the request's changes, refusing a change of name or brokers.
func (req groupRequest) modified(g *Group) (Group, *apiError) {
	m := cloneGroup(*g)
	if req.Name != nil && *req.Name != g.Name {
		return m, badField("name", "a group cannot be renamed (%q to %q)", g.Name, *req.Name)
	}
	if req.Brokers != nil && !sameSet(req.Brokers, g.Brokers) {
		return m, badField("brokers", "the brokers of group %q cannot be changed", g.Name)
	}
	return m, req.applyTo(&m)
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// deleteGroups starts a job that deletes the listed groups; names that do not exist are
// skipped, so that a retried batch succeeds.
func deleteGroups(s *Server, c *call) (result, *apiError) {
	var req groupRequest
	if err := decode(c, &req); err != nil {
		return result{}, err
	}
	var names []string
	if len(req.Groups) > 0 && json.Unmarshal(req.Groups, &names) != nil {
		return result{}, errorf(http.StatusBadRequest, CodeMalformedBody,
			"The message body is not in JSON format or contains invalid characters: "+
				"groups must be a list of names.")
	}
	if len(names) == 0 {
		return result{}, badField("groups", "no group to delete")
	}
	return s.change(c, func(in *instance) (result, bool, *apiError) {
		now := s.later(func() {
			for _, n := range names {
				in.deleteGroup(n)
			}
		})
		return jobStarted(s, now)
	})
}

// modifyGroups checks every change of the batch at once, then starts a job that makes them.
func modifyGroups(s *Server, c *call) (result, *apiError) {
	var req groupBatchRequest
	if err := decode(c, &req); err != nil {
		return result{}, err
	}
	if len(req.Groups) == 0 {
		return result{}, badField("groups", "no group to modify")
	}
	return s.change(c, func(in *instance) (result, bool, *apiError) {
		changes := make([]Group, 0, len(req.Groups))
		for _, gr := range req.Groups {
			name := deref(gr.Name)
			g := in.groups[name]
			if g == nil {
				return result{}, false, errNoGroup(name)
			}
			m, err := gr.modified(g)
			if err != nil {
				return result{}, false, err
			}
			changes = append(changes, m)
		}
		now := s.later(func() {
			for _, m := range changes {
				if in.groups[m.Name] != nil {
					in.groups[m.Name] = &m
				}
			}
		})
		return jobStarted(s, now)
	})
}

// showGroup answers the group as the detail operation shows it: without from_beginning, with
// app_id, app_name and permissions, which the simulator leaves empty.
func showGroup(s *Server, c *call) (result, *apiError) {
	return s.read(c, func(in *instance) (result, *apiError) {
		g := in.groups[c.name()]
		if g == nil {
			return result{}, errNoGroup(c.name())
		}
		return ok(groupDetail{Enabled: g.Enabled, Broadcast: g.Broadcast,
			Brokers: slices.Clone(g.Brokers), Name: g.Name, RetryMaxTime: g.RetryMaxTime,
			Permissions: []string{}})
	})
}

func modifyGroup(s *Server, c *call) (result, *apiError) {
	var req groupRequest
	if err := decode(c, &req); err != nil {
		return result{}, err
	}
	return s.change(c, func(in *instance) (result, bool, *apiError) {
		g := in.groups[c.name()]
		if g == nil {
			return result{}, false, errNoGroup(c.name())
		}
		m, err := req.modified(g)
		if err != nil {
			return result{}, false, err
		}
		*g = m
		return result{status: http.StatusNoContent}, true, nil
	})
}

func deleteGroup(s *Server, c *call) (result, *apiError) {
	return s.change(c, func(in *instance) (result, bool, *apiError) {
		if in.groups[c.name()] == nil {
			return result{}, false, errNoGroup(c.name())
		}
		in.deleteGroup(c.name())
		return result{status: http.StatusNoContent}, true, nil
	})
}

// listGroupTopics answers the topics a group consumes; with topic=, only that one if it does.
func listGroupTopics(s *Server, c *call) (result, *apiError) {
	return s.read(c, func(in *instance) (result, *apiError) {
		if in.groups[c.name()] == nil {
			return result{}, errNoGroup(c.name())
		}
		topics := in.topicsOfGroup(c.name())
		if t := c.query.Get("topic"); t != "" {
			topics = slices.DeleteFunc(topics, func(n string) bool { return n != t })
		}
		return ok(map[string]any{"topics": topics})
	})
}
