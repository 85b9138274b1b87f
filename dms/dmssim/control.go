package dmssim

import (
	"fmt"
	"slices"
)

// Contents are resources to add to an instance in one go.
type Contents struct {
	Topics []Topic
	Groups []Group
	Users  []User
}

// Seed adds (or replaces) topics, groups and users in an instance directly, without requests:
// the cheap way for a test or a benchmark to start from a large instance. Values are checked
// and defaulted as in a configuration file; the instance's quota applies.
func (s *Server) Seed(projectID, instanceID string, c Contents) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.findInstance(projectID, instanceID)
	if in == nil {
		return fmt.Errorf("seed: no instance %s in project %s", instanceID, projectID)
	}

	spec := InstanceSpec{ID: in.id, Name: in.name, ProductID: in.productID,
		BrokerNum: len(in.brokers), Topics: slices.Clone(c.Topics),
		Groups: slices.Clone(c.Groups), Users: slices.Clone(c.Users)}
	var p problems
	normalizeSpec(&spec, &p)
	if err := p.err("seed: "); err != nil {
		return err
	}
	if n := len(in.topics) + len(spec.Topics); n > in.quota() {
		return fmt.Errorf("seed: %d topics would exceed the quota of %d", n, in.quota())
	}
	if n := len(in.groups) + len(spec.Groups); n > in.quota() {
		return fmt.Errorf("seed: %d groups would exceed the quota of %d", n, in.quota())
	}
	in.seed(spec.Topics, spec.Groups, spec.Users)
	s.changed()
	return nil
}

// AddInstance adds an instance to a project, creating the project when it is new.
func (s *Server) AddInstance(projectID string, spec InstanceSpec) error {
	projects := []Project{{ID: projectID, Instances: []InstanceSpec{spec}}}
	var p problems
	normalizeProjects(projects, &p)
	if err := p.err("add instance: "); err != nil {
		return err
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ps := range s.projects {
		for _, in := range ps.instances {
			if in.id == spec.ID {
				return fmt.Errorf("add instance: instance %s exists", spec.ID)
			}
		}
	}
	s.addProject(projects[0])
	s.changed()
	return nil
}

// SetInstanceStatus changes an instance's status, for example to "RESTARTING", so that changes
// are refused with DMS.00400026 until it is "RUNNING" again.
func (s *Server) SetInstanceStatus(projectID, instanceID, status string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.findInstance(projectID, instanceID)
	if in == nil {
		return fmt.Errorf("set status: no instance %s in project %s", instanceID, projectID)
	}
	in.status = status
	s.changed()
	return nil
}

// SetFaults replaces the fault configuration, reseeding the random source.
func (s *Server) SetFaults(f Faults) error {
	var p problems
	normalizeFaults(&f, &p)
	if err := p.err("set faults: "); err != nil {
		return err
	}
	s.faults.set(f)
	return nil
}

// InjectFault makes the next times requests of operation op (of any operation when op is
// empty) fail with kind, before any random fault is drawn. Operation names are those of Stats.
func (s *Server) InjectFault(op string, kind FaultKind, times int) {
	s.faults.inject(op, kind, times)
}

// Stats returns the request counts so far.
func (s *Server) Stats() Stats { return s.stats.snapshot() }

// ResetStats sets every request count back to zero.
func (s *Server) ResetStats() { s.stats.reset() }
