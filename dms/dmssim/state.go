package dmssim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// stateVersion is written into every state file, so that a later format can tell old files
// apart.
const stateVersion = 1

// stateDoc is the state file: JSON, the projects and instances in the configuration file's
// shapes, topics, groups and users in the API's own shapes (secret keys in clear, as the service
// returns them, which is why the file is private to its owner).
type stateDoc struct {
	Version  int          `json:"version"`
	Projects []projectDoc `json:"projects"`
}

// LoadState reads a state file written by SaveState. A missing file is an error that satisfies
// errors.Is(err, fs.ErrNotExist). The state file is only ever replaced whole, so it is never
// torn; temporary files that a killed writer left beside it are never read, and are removed
// once they are a minute old.
func LoadState(path string) ([]Project, error) {
	removeLeftovers(path)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read state: %w", err)
	}
	var doc stateDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("read state %s: %w", path, err)
	}
	if doc.Version != stateVersion {
		return nil, fmt.Errorf("read state %s: version %d, want %d", path, doc.Version,
			stateVersion)
	}
	projects := projectsFromDocs(doc.Projects)
	var p problems
	normalizeProjects(projects, &p)
	if err := p.err(path + ": "); err != nil {
		return nil, err
	}
	return projects, nil
}

// SaveState writes projects to path atomically: a temporary file in the same directory,
// synced, renamed over path, and the directory synced, so that a crash leaves either the old
// file or the new one.
func SaveState(path string, projects []Project) error {
	data, err := json.MarshalIndent(stateDoc{Version: stateVersion,
		Projects: docsFromProjects(projects)}, "", "  ")
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	return writeAtomic(path, append(data, '\n'))
}

func writeAtomic(path string, data []byte) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, tempPrefix(base)+"*")
	if err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write state: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("sync state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("replace state: %w", err)
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync state directory: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync state directory: %w", err)
	}
	return nil
}

func tempPrefix(base string) string { return "." + base + ".tmp-" }

// leftoverAge is how old a temporary file must be before it counts as a killed writer's
// leftover rather than a live writer's work in progress.
const leftoverAge = time.Minute

// removeLeftovers deletes temporary files of path that a killed writer never renamed.
func removeLeftovers(path string) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), tempPrefix(base)) {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > leftoverAge {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

func projectsFromDocs(docs []projectDoc) []Project {
	out := make([]Project, 0, len(docs))
	for _, d := range docs {
		p := Project{ID: d.ID}
		for _, in := range d.Instances {
			p.Instances = append(p.Instances, in.spec())
		}
		out = append(out, p)
	}
	return out
}

func (d instanceDoc) spec() InstanceSpec {
	s := InstanceSpec{ID: d.ID, Name: d.Name, EngineVersion: d.EngineVersion,
		ProductID: d.ProductID, BrokerNum: d.BrokerNum, Status: d.Status, EnableACL: true,
		Topics: d.Topics, Subscriptions: d.Subscriptions}
	if d.EnableACL != nil {
		s.EnableACL = *d.EnableACL
	}
	for _, g := range d.Groups {
		s.Groups = append(s.Groups, Group{Name: g.Name, Enabled: g.Enabled == nil || *g.Enabled,
			Broadcast: g.Broadcast, Brokers: g.Brokers, RetryMaxTime: g.RetryMaxTime,
			FromBeginning: g.FromBeginning})
	}
	for _, u := range d.Users {
		s.Users = append(s.Users, u.user())
	}
	return s
}

func docsFromProjects(projects []Project) []projectDoc {
	out := make([]projectDoc, 0, len(projects))
	for _, p := range projects {
		d := projectDoc{ID: p.ID, Instances: []instanceDoc{}}
		for _, s := range p.Instances {
			d.Instances = append(d.Instances, instanceDocOf(s))
		}
		out = append(out, d)
	}
	return out
}

func instanceDocOf(s InstanceSpec) instanceDoc {
	acl := s.EnableACL
	d := instanceDoc{ID: s.ID, Name: s.Name, EngineVersion: s.EngineVersion,
		ProductID: s.ProductID, BrokerNum: s.BrokerNum, Status: s.Status, EnableACL: &acl,
		Topics: nonNil(s.Topics), Groups: []groupDoc{}, Users: []userJSON{},
		Subscriptions: nonNil(s.Subscriptions)}
	for _, g := range s.Groups {
		enabled := g.Enabled
		d.Groups = append(d.Groups, groupDoc{Name: g.Name, Enabled: &enabled,
			Broadcast: g.Broadcast, Brokers: g.Brokers, RetryMaxTime: g.RetryMaxTime,
			FromBeginning: g.FromBeginning})
	}
	for _, u := range s.Users {
		d.Users = append(d.Users, userToJSON(u))
	}
	return d
}
