package planner

import (
	"fmt"
	"testing"

	"github.com/mqsync/mqsync/desired"
	"github.com/mqsync/mqsync/dms"
)

// BenchmarkPlanInstance plans 20,000 topics, 20,000 groups and 5,000 users, a tenth of each
// changed, without any I/O: the planner's own share of a plan at scale.
func BenchmarkPlanInstance(b *testing.B) {
	d := instance()
	live := liveState()
	for i := range 20000 {
		name := fmt.Sprintf("res-%05d", i)
		queues := 3
		if i%10 == 0 {
			queues = 4
		}
		d.Topics = append(d.Topics, dTopic(name, func(t *desired.Topic) { t.QueueNum = queues }))
		live.Topics = append(live.Topics, lTopic(name, 3))
		d.Groups = append(d.Groups, dGroup(name))
		live.Groups = append(live.Groups, lGroup(name))
	}
	for i := range 5000 {
		name := fmt.Sprintf("user-%05d", i)
		d.Users = append(d.Users, dUser(name, func(u *desired.User) {
			u.TopicPerms = map[string]string{fmt.Sprintf("res-%05d", i): "SUB"}
		}))
		live.Users = append(live.Users, lUser(name, func(u *dms.User) {
			u.TopicPerms = []dms.Grant{{Name: fmt.Sprintf("res-%05d", i), Perm: "SUB"}}
		}))
	}

	for b.Loop() {
		p := PlanInstance(d, live, Options{})
		if p.Summary.Update != 2000 {
			b.Fatalf("%d updates, want 2000", p.Summary.Update)
		}
	}
}
