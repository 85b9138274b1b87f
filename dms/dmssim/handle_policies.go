package dmssim

import (
	"net/http"
)

// listTopicPolicies answers the users granted a permission on a topic, a page at a time, from
// the reverse index the users' grants keep.
func listTopicPolicies(s *Server, c *call) (result, *apiError) {
	return listPolicies(s, c, func(in *instance) (*nameIndex, *apiError) {
		if in.topics[c.name()] == nil {
			return nil, errNoTopic(c.name())
		}
		return in.topicGrants[c.name()], nil
	}, func(u *User) []Grant { return u.TopicPerms })
}

// listGroupPolicies is listTopicPolicies for a consumer group.
func listGroupPolicies(s *Server, c *call) (result, *apiError) {
	return listPolicies(s, c, func(in *instance) (*nameIndex, *apiError) {
		if in.groups[c.name()] == nil {
			return nil, errNoGroup(c.name())
		}
		return in.groupGrants[c.name()], nil
	}, func(u *User) []Grant { return u.GroupPerms })
}

func listPolicies(s *Server, c *call, users func(*instance) (*nameIndex, *apiError),
	grants func(*User) []Grant) (result, *apiError) {
	offset, limit, err := paging(c)
	if err != nil {
		return result{}, err
	}
	return s.read(c, func(in *instance) (result, *apiError) {
		idx, err := users(in)
		if err != nil {
			return result{}, err
		}
		list := policyList{Name: c.name(), Policies: []policy{}}
		if idx == nil {
			return ok(list)
		}
		list.Total = idx.len()
		for _, n := range idx.page(offset, limit) {
			u := in.users[n]
			list.Policies = append(list.Policies, policy{AccessKey: u.AccessKey,
				SecretKey: u.SecretKey.Reveal(), WhiteRemoteAddress: u.WhiteRemoteAddress,
				Admin: u.Admin, Perm: grantOn(grants(u), c.name())})
		}
		return ok(list)
	})
}

// resetGroupOffset answers the queues whose offsets a reset would move: every read queue of the
// topic given, or of every topic the group consumes. Nothing is stored: no message is ever
// produced here.
func resetGroupOffset(s *Server, c *call) (result, *apiError) {
	var req resetOffsetRequest
	if err := decode(c, &req); err != nil {
		return result{}, err
	}
	if req.Timestamp != nil && *req.Timestamp < 0 {
		return result{}, errorf(http.StatusBadRequest, CodeBadTimestamp,
			"Timestamp is invalid: %d.", *req.Timestamp)
	}
	return s.change(c, func(in *instance) (result, bool, *apiError) {
		if in.groups[c.name()] == nil {
			return result{}, false, errNoGroup(c.name())
		}
		topics := in.topicsOfGroup(c.name())
		if req.Topic != nil && *req.Topic != "" {
			if in.topics[*req.Topic] == nil {
				return result{}, false, errNoTopic(*req.Topic)
			}
			topics = []string{*req.Topic}
		}
		queues := []resetQueue{}
		for _, name := range topics {
			for _, b := range in.topics[name].Brokers {
				for q := range b.ReadQueueNum {
					queues = append(queues, resetQueue{BrokerName: b.BrokerName, QueueID: q})
				}
			}
		}
		return result{http.StatusOK, map[string]any{"queues": queues}}, false, nil
	})
}
