package dmssim

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// listInstances answers GET /instances with the project's instances that pass every filter
// given: engine, name (contained in the name, or equal with exact_match_name=true), instance_id
// and status. offset and limit page the answer when given.
func listInstances(s *Server, c *call) (result, *apiError) {
	if !projectIDRule.MatchString(c.project()) {
		return result{}, errorf(http.StatusBadRequest, CodeBadProjectID,
			"The project ID format is invalid: %q.", c.project())
	}
	s.mu.RLock()
	defer s.mu.RUnlock()

	var found []instanceJSON
	if p := s.project(c.project()); p != nil {
		for _, in := range p.instances {
			if instanceMatches(in, c) {
				found = append(found, in.json())
			}
		}
	}
	total := len(found)
	offset, _ := strconv.Atoi(c.query.Get("offset"))
	if offset > 0 {
		found = found[min(offset, len(found)):]
	}
	if limit, err := strconv.Atoi(c.query.Get("limit")); err == nil && limit > 0 {
		found = found[:min(limit, len(found))]
	}
	return ok(map[string]any{"instances": nonNil(found), "instance_num": total})
}

func instanceMatches(in *instance, c *call) bool {
	q := c.query
	if e := q.Get("engine"); e != "" && !engines[e] {
		return false
	}
	if n := q.Get("name"); n != "" {
		exact := q.Get("exact_match_name") == "true"
		if exact && in.name != n || !exact && !strings.Contains(in.name, n) {
			return false
		}
	}
	if id := q.Get("instance_id"); id != "" && in.id != id {
		return false
	}
	if st := q.Get("status"); st != "" && in.status != st {
		return false
	}
	return true
}

func showInstance(s *Server, c *call) (result, *apiError) {
	return s.read(c, func(in *instance) (result, *apiError) { return ok(in.json()) })
}

// listBrokers answers with the instance's brokers; each has a master and two replicas.
func listBrokers(s *Server, c *call) (result, *apiError) {
	return s.read(c, func(in *instance) (result, *apiError) {
		brokers := make([]brokerJSON, len(in.brokers))
		for i, b := range in.brokers {
			brokers[i] = brokerJSON{BrokerName: b, IDs: []int{0, 1, 2}}
		}
		return ok(map[string]any{"brokers": brokers})
	})
}

func (in *instance) json() instanceJSON {
	return instanceJSON{
		Name:              in.name,
		Engine:            "reliability",
		Status:            in.status,
		Type:              "cluster",
		Specification:     fmt.Sprintf("%s * %d broker", in.productID, len(in.brokers)),
		EngineVersion:     in.engineVersion,
		InstanceID:        in.id,
		ChargingMode:      1,
		CreatedAt:         strconv.FormatInt(in.createdAt, 10),
		ProductID:         in.productID,
		AvailableZones:    []string{"9f1c5806706d4c1fb0eb72f0a9b18c77"},
		MaintainBegin:     "02:00:00",
		MaintainEnd:       "06:00:00",
		StorageSpace:      558,
		TotalStorageSpace: 600,
		StorageSpecCode:   "dms.physical.storage.ultra.v2",
		SupportFeatures:   "rocketmq.acl",
		NodeNum:           3 + 2*len(in.brokers),
		EnableACL:         in.enableACL,
		BrokerNum:         len(in.brokers),
		NamesrvAddress:    "127.0.0.1:8100",
		BrokerAddress:     "127.0.0.1:10100",
	}
}
