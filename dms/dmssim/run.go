package dmssim

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Running is a Server listening on a TCP address. Its Server methods (Seed, Stats,
// InjectFault, ...) work while it serves.
type Running struct {
	*Server
	http      *http.Server
	url       string
	closeOnce sync.Once
	closeErr  error
	served    chan struct{}

	// fresh holds the connections that have not sent a request yet. Shutdown waits for them
	// as if they were busy; Close drops them instead, since they have nothing to finish.
	mu    sync.Mutex
	fresh map[net.Conn]bool
}

// Start builds a server from cfg and serves it on addr ("127.0.0.1:0" picks a free port) until
// ctx ends or Close is called.
func Start(ctx context.Context, cfg Config, addr string, opts ...Option) (*Running, error) {
	s, err := New(cfg, opts...)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	r := &Running{
		Server: s,
		http: &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second,
			ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelDebug)},
		url:    "http://" + ln.Addr().String(),
		served: make(chan struct{}),
		fresh:  map[net.Conn]bool{},
	}
	r.http.ConnState = r.track
	go func() {
		defer close(r.served)
		if err := r.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("serve", "err", err)
		}
	}()
	go func() {
		select {
		case <-ctx.Done():
			_ = r.Close()
		case <-r.served:
		}
	}()
	return r, nil
}

// URL is the base URL of the API, for example http://127.0.0.1:8780.
func (r *Running) URL() string { return r.url }

// Close stops serving: it releases withheld answers and pending jobs, then closes every
// connection. It is safe to call more than once.
func (r *Running) Close() error {
	r.closeOnce.Do(func() {
		_ = r.Server.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		shut := make(chan error, 1)
		go func() { shut <- r.http.Shutdown(ctx) }()
		r.dropFresh()
		if err := <-shut; err != nil {
			r.closeErr = r.http.Close()
		}
		<-r.served
	})
	return r.closeErr
}

// StartEmbedded runs a simulator inside the calling process on the state file statePath
// (created, with DefaultConfig's instance, when absent), listening on a free loopback port and
// saving every change to the file. It returns the API's base URL, the id of the project to use
// (the state's first), and a function that stops the simulator.
func StartEmbedded(ctx context.Context, statePath string,
	logger *slog.Logger) (url, projectID string, stop func() error, err error) {
	r, err := Start(ctx, DefaultConfig(), "127.0.0.1:0", WithLogger(logger),
		WithStateFile(statePath))
	if err != nil {
		return "", "", nil, err
	}
	projectID = DefaultProjectID
	if snap := r.Snapshot(); len(snap) > 0 {
		projectID = snap[0].ID
	}
	return r.URL(), projectID, r.Close, nil
}

// DefaultStatePath is the state file of a bare sim:// endpoint:
// $XDG_STATE_HOME/mqsync/sim-state.json, or ~/.local/state/mqsync/sim-state.json when
// XDG_STATE_HOME is not set.
func DefaultStatePath() (string, error) {
	if dir := os.Getenv("XDG_STATE_HOME"); dir != "" {
		return filepath.Join(dir, "mqsync", "sim-state.json"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find state directory: %w", err)
	}
	return filepath.Join(home, ".local", "state", "mqsync", "sim-state.json"), nil
}

// track keeps fresh up to date as connections change state.
func (r *Running) track(c net.Conn, state http.ConnState) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if state == http.StateNew {
		r.fresh[c] = true
	} else {
		delete(r.fresh, c)
	}
}

// dropFresh closes the connections that never sent a request, such as the spare ones an HTTP
// client dials ahead, so that Close does not wait its full grace period on them.
func (r *Running) dropFresh() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for c := range r.fresh {
		_ = c.Close()
	}
}
