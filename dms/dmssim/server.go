package dmssim

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

// Server is a simulated DMS for RocketMQ endpoint. It is safe for concurrent use; Handler
// serves the API.
type Server struct {
	log       *slog.Logger
	auth      *authenticator
	statePath string
	faults    *faultInjector
	stats     *statsCounter
	reqSeq    atomic.Uint64
	jobSeq    atomic.Uint64

	// mu guards projects and everything the instances hold. Reads share it; changes hold it
	// alone, state-file write included, so that saves happen in the order of the changes.
	mu       sync.RWMutex
	projects []*projectState

	jobs     sync.WaitGroup
	jobsMu   sync.Mutex
	timers   map[*time.Timer]bool
	done     chan struct{}
	doneOnce sync.Once
}

type projectState struct {
	id        string
	instances []*instance
}

// Option changes how New builds a Server.
type Option func(*Server)

// WithLogger sends the server's logs to l (with component=dmssim); the default, and a nil l,
// discard them.
func WithLogger(l *slog.Logger) Option {
	return func(s *Server) {
		if l != nil {
			s.log = l.With("component", "dmssim")
		}
	}
}

// WithStateFile keeps the state in path: loaded at start when the file exists (replacing the
// configuration's projects), created from the configuration otherwise (directories included),
// and saved atomically after every change.
func WithStateFile(path string) Option { return func(s *Server) { s.statePath = path } }

// New builds a server from cfg. It fails when cfg holds a value the API would refuse, or when
// the state file cannot be read or written.
func New(cfg Config, opts ...Option) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("check config: %w", err)
	}
	s := &Server{
		log:    slog.New(slog.DiscardHandler),
		auth:   newAuthenticator(cfg.Credentials, cfg.Tokens),
		faults: newFaultInjector(cfg.Faults),
		stats:  newStatsCounter(),
		timers: map[*time.Timer]bool{},
		done:   make(chan struct{}),
	}
	for _, o := range opts {
		o(s)
	}

	projects, err := s.initialState(cfg.Projects)
	if err != nil {
		return nil, err
	}
	for _, p := range projects {
		s.addProject(p)
	}
	if s.auth.open() {
		s.log.Info("accepting every request: no credentials or tokens are configured")
	}
	return s, nil
}

// initialState returns the state file's projects when there is one, else the configured ones
// (saved as the new state file).
func (s *Server) initialState(configured []Project) ([]Project, error) {
	if s.statePath == "" {
		return configured, nil
	}
	projects, err := LoadState(s.statePath)
	if err == nil {
		s.log.Info("loaded state", "path", s.statePath)
		return projects, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(s.statePath), 0o700); err != nil {
		return nil, fmt.Errorf("create state directory: %w", err)
	}
	if err := SaveState(s.statePath, configured); err != nil {
		return nil, err
	}
	s.log.Info("created state", "path", s.statePath)
	return configured, nil
}

func (s *Server) addProject(p Project) {
	ps := s.project(p.ID)
	if ps == nil {
		ps = &projectState{id: p.ID}
		s.projects = append(s.projects, ps)
	}
	for _, spec := range p.Instances {
		ps.instances = append(ps.instances, newInstance(spec))
	}
}

func (s *Server) project(id string) *projectState {
	for _, p := range s.projects {
		if p.id == id {
			return p
		}
	}
	return nil
}

func (s *Server) findInstance(projectID, instanceID string) *instance {
	if p := s.project(projectID); p != nil {
		for _, in := range p.instances {
			if in.id == instanceID {
				return in
			}
		}
	}
	return nil
}

// Handler returns the HTTP handler of the API and of the /_sim endpoints.
func (s *Server) Handler() http.Handler { return s }

// Close stops pending batch jobs and releases requests whose answer is being withheld. It does
// not stop an http.Server that uses Handler.
func (s *Server) Close() error {
	s.doneOnce.Do(func() {
		close(s.done)
		s.jobsMu.Lock()
		for t := range s.timers {
			if t.Stop() {
				s.jobs.Done()
			}
		}
		s.jobsMu.Unlock()
	})
	s.jobs.Wait()
	return nil
}

// changed saves the state after a change, when the server keeps a state file. The caller holds
// mu for writing. A failed save is logged, not answered: the change has happened in memory.
func (s *Server) changed() {
	if s.statePath == "" {
		return
	}
	if err := SaveState(s.statePath, s.snapshotLocked()); err != nil {
		s.log.Error("save state", "path", s.statePath, "err", err)
	}
}

// Snapshot returns a deep copy of every project, instance and what they hold.
func (s *Server) Snapshot() []Project {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.snapshotLocked()
}

func (s *Server) snapshotLocked() []Project {
	out := make([]Project, 0, len(s.projects))
	for _, p := range s.projects {
		pr := Project{ID: p.id}
		for _, in := range p.instances {
			pr.Instances = append(pr.Instances, in.spec())
		}
		out = append(out, pr)
	}
	return out
}

// requestID and jobID return fresh 32-hex-digit ids, counting from 1 in each kind so that
// tests can predict them.
func (s *Server) requestID() string { return fmt.Sprintf("%032x", s.reqSeq.Add(1)) }
func (s *Server) jobID() string     { return fmt.Sprintf("%032x", s.jobSeq.Add(1)) }
