package dmssim

import (
	"net/http"
	"slices"
)

// listTopics answers a page of topics in name order, with the instance's quota.
func listTopics(s *Server, c *call) (result, *apiError) {
	offset, limit, err := paging(c)
	if err != nil {
		return result{}, err
	}
	return s.read(c, func(in *instance) (result, *apiError) {
		names := in.topicIdx.page(offset, limit)
		list := topicList{Total: in.topicIdx.len(), Max: in.quota(),
			Topics: make([]Topic, 0, len(names))}
		list.Remaining = max(0, list.Max-list.Total)
		list.NextOffset, list.PreviousOffset = pageOffsets(offset, limit, list.Total)
		for _, n := range names {
			list.Topics = append(list.Topics, cloneTopic(*in.topics[n]))
		}
		return ok(list)
	})
}

// createTopic creates a topic with queue_num read and write queues on each listed broker
// (every broker when none is listed).
func createTopic(s *Server, c *call) (result, *apiError) {
	var req topicRequest
	if err := decode(c, &req); err != nil {
		return result{}, err
	}
	name, queues, perm, err := req.checked()
	if err != nil {
		return result{}, err
	}

	return s.change(c, func(in *instance) (result, bool, *apiError) {
		brokers, err := pickBrokers(in, req.Brokers)
		if err != nil {
			return result{}, false, err
		}
		if in.topics[name] != nil {
			return result{}, false, errorf(http.StatusBadRequest, CodeTopicExists,
				"The queue already exists: topic %s.", name)
		}
		if in.topicIdx.len() >= in.quota() {
			return result{}, false, errorf(http.StatusBadRequest, CodeTopicQuota,
				"The quota is insufficient: the instance holds at most %d topics.", in.quota())
		}
		t := Topic{Name: name, Permission: perm, Brokers: spreadQueues(brokers, queues, queues)}
		t.TotalReadQueueNum, t.TotalWriteQueueNum = queues*len(brokers), queues*len(brokers)
		in.addTopic(t)
		return result{http.StatusOK, map[string]string{"id": name}}, true, nil
	})
}

// checked returns the name, queues per broker and permission of a create request, with their
// defaults, once it has checked them.
func (req topicRequest) checked() (name string, queues int, perm string, err *apiError) {
	name, queues, perm = deref(req.Name), DefaultQueueNum, TopicPermAll
	if req.QueueNum != nil {
		queues = int(*req.QueueNum)
	}
	if req.Permission != nil {
		perm = *req.Permission
	}
	if err := checkName("topic", name); err != nil {
		return "", 0, "", err
	}
	if err := checkQueueNum("queue_num", queues, MaxQueueNum); err != nil {
		return "", 0, "", err
	}
	return name, queues, perm, checkTopicPerm("permission", perm)
}

// pickBrokers checks a requested broker list; an empty one means every broker.
func pickBrokers(in *instance, requested []string) ([]string, *apiError) {
	if len(requested) == 0 {
		return slices.Clone(in.brokers), nil
	}
	for i, b := range requested {
		if !in.hasBroker(b) {
			return nil, badField("brokers", "%q is not a broker of the instance", b)
		}
		if slices.Index(requested, b) != i {
			return nil, badField("brokers", "%q is listed twice", b)
		}
	}
	return slices.Clone(requested), nil
}

// deleteTopics starts a job that deletes the listed topics; names that do not exist are
// skipped, so that a retried batch succeeds.
func deleteTopics(s *Server, c *call) (result, *apiError) {
	var req topicRequest
	if err := decode(c, &req); err != nil {
		return result{}, err
	}
	if len(req.Topics) == 0 {
		return result{}, badField("topics", "no topic to delete")
	}
	return s.change(c, func(in *instance) (result, bool, *apiError) {
		names := slices.Clone(req.Topics)
		now := s.later(func() {
			for _, n := range names {
				in.deleteTopic(n)
			}
		})
		return jobStarted(s, now)
	})
}

func showTopic(s *Server, c *call) (result, *apiError) {
	return s.read(c, func(in *instance) (result, *apiError) {
		t := in.topics[c.name()]
		if t == nil {
			return result{}, errNoTopic(c.name())
		}
		return ok(cloneTopic(*t))
	})
}

// modifyTopic changes a topic's permission and its total read and write queues, spread over its
// brokers as evenly as they go.
func modifyTopic(s *Server, c *call) (result, *apiError) {
	var req topicModifyRequest
	if err := decode(c, &req); err != nil {
		return result{}, err
	}
	if req.Permission != nil {
		if err := checkTopicPerm("permission", *req.Permission); err != nil {
			return result{}, err
		}
	}
	return s.change(c, func(in *instance) (result, bool, *apiError) {
		t := in.topics[c.name()]
		if t == nil {
			return result{}, false, errNoTopic(c.name())
		}
		most := MaxQueueNum * len(t.Brokers)
		if err := checkQueueTotals(req, most); err != nil {
			return result{}, false, err
		}
		m := cloneTopic(*t)
		if req.Permission != nil {
			m.Permission = *req.Permission
		}
		if req.ReadQueueNum != nil {
			m.TotalReadQueueNum = int(*req.ReadQueueNum)
		}
		if req.WriteQueueNum != nil {
			m.TotalWriteQueueNum = int(*req.WriteQueueNum)
		}
		for i := range m.Brokers {
			m.Brokers[i].ReadQueueNum = share(m.TotalReadQueueNum, len(m.Brokers), i)
			m.Brokers[i].WriteQueueNum = share(m.TotalWriteQueueNum, len(m.Brokers), i)
		}
		*t = m
		return result{status: http.StatusNoContent}, true, nil
	})
}

// share is broker i's part of total queues spread over n brokers.
func share(total, n, i int) int {
	q := total / n
	if i < total%n {
		q++
	}
	return q
}

func deleteTopic(s *Server, c *call) (result, *apiError) {
	return s.change(c, func(in *instance) (result, bool, *apiError) {
		if in.topics[c.name()] == nil {
			return result{}, false, errNoTopic(c.name())
		}
		in.deleteTopic(c.name())
		return result{status: http.StatusNoContent}, true, nil
	})
}

// listTopicGroups answers the groups subscribed to a topic.
func listTopicGroups(s *Server, c *call) (result, *apiError) {
	return s.read(c, func(in *instance) (result, *apiError) {
		if in.topics[c.name()] == nil {
			return result{}, errNoTopic(c.name())
		}
		return ok(map[string]any{"groups": in.groupsOfTopic(c.name())})
	})
}

// topicStatus answers every read queue of the topic, empty: nothing is ever produced here.
func topicStatus(s *Server, c *call) (result, *apiError) {
	return s.read(c, func(in *instance) (result, *apiError) {
		t := in.topics[c.name()]
		if t == nil {
			return result{}, errNoTopic(c.name())
		}
		brokers := make([]brokerStatus, len(t.Brokers))
		for i, b := range t.Brokers {
			brokers[i] = brokerStatus{BrokerName: b.BrokerName,
				Queues: make([]queueStatus, b.ReadQueueNum)}
			for q := range brokers[i].Queues {
				brokers[i].Queues[q].ID = q
			}
		}
		return ok(map[string]any{"brokers": brokers})
	})
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func checkQueueTotals(req topicModifyRequest, most int) *apiError {
	if n := req.ReadQueueNum; n != nil {
		if err := checkQueueNum("read_queue_num", int(*n), most); err != nil {
			return err
		}
	}
	if n := req.WriteQueueNum; n != nil {
		return checkQueueNum("write_queue_num", int(*n), most)
	}
	return nil
}

// jobStarted answers a batch operation with its job id; now says whether the job has already
// taken effect (and so needs saving).
func jobStarted(s *Server, now bool) (result, bool, *apiError) {
	return result{http.StatusOK, map[string]string{"job_id": s.jobID()}}, now, nil
}
