package planner

import (
	"slices"
	"strings"

	"github.com/mqsync/mqsync/desired"
	"github.com/mqsync/mqsync/dms"
)

// topics plans every topic: declared ones are created or brought in line, live ones that no
// file declares are deleted or counted as unmanaged.
func (p *planning) topics() {
	diffKind(p, KindTopic,
		p.desired.Topics, func(t *desired.Topic) string { return t.Name },
		p.live.Topics, func(t *dms.Topic) string { return t.Name },
		func(t *desired.Topic, l *dms.Topic) {
			switch {
			case !p.checkBrokers(KindTopic, t.Name, t.Brokers):
			case l == nil:
				p.createTopic(*t)
			default:
				p.updateTopic(*t, l)
			}
		})
}

func (p *planning) topicSpec(t desired.Topic) *TopicSpec {
	brokers := t.Brokers
	if len(brokers) == 0 {
		brokers = p.brokers
	}
	return &TopicSpec{Name: t.Name, QueueNum: t.QueueNum, Permission: t.Permission,
		Brokers: slices.Clone(brokers)}
}

func (p *planning) createTopic(t desired.Topic) {
	spec := p.topicSpec(t)
	p.add(Change{
		Kind: KindTopic, Name: t.Name, Action: Create, Reason: createReason(t.Pos),
		Topic: spec,
		Fields: []Field{
			{Path: "queue_num", After: spec.QueueNum},
			{Path: "permission", After: spec.Permission},
			{Path: "brokers", After: spec.Brokers},
		},
	})
}

// updateTopic compares a declared topic with its live self. A topic that names no brokers
// accepts wherever it lives: comparing it with "every broker" would demand a replacement each
// time the instance grows.
func (p *planning) updateTopic(t desired.Topic, l *dms.Topic) {
	liveBrokers := topicBrokers(l)
	spec := p.topicSpec(t)
	if len(t.Brokers) == 0 || len(liveBrokers) == 0 {
		spec.Brokers = liveBrokers
	}

	var fields []Field
	if !slices.Equal(spec.Brokers, liveBrokers) {
		fields = append(fields, Field{Path: "brokers", Before: liveBrokers, After: spec.Brokers})
	}
	queueFields, fewer := queueDiff(t.QueueNum, len(spec.Brokers), l)
	fields = append(fields, queueFields...)
	if lp := strings.ToLower(l.Permission); lp != t.Permission {
		fields = append(fields, Field{Path: "permission", Before: lp, After: t.Permission})
	}
	if len(fields) == 0 {
		return
	}

	c := Change{Kind: KindTopic, Name: t.Name, Action: Update, Destructive: fewer,
		Reason: updateReason(t.Pos), Fields: fields, Topic: spec}
	switch {
	case !slices.Equal(spec.Brokers, liveBrokers):
		c.Action, c.Destructive = Replace, true
		c.Reason = "brokers cannot change in place; replacing loses the topic's messages"
	case fewer:
		c.Reason = "fewer queues: messages in the removed queues become unreachable"
	}
	p.add(c)
}

// queueDiff compares the declared queues per broker with the live totals. When the live read
// and write totals agree and divide evenly, it speaks in queue_num like the files do; otherwise
// it shows the totals the service reports. fewer reports a reduction of either total.
func queueDiff(perBroker, brokers int, l *dms.Topic) (fields []Field, fewer bool) {
	brokers = max(brokers, 1)
	want := perBroker * brokers
	read, write := l.TotalReadQueueNum, l.TotalWriteQueueNum
	if read == want && write == want {
		return nil, false
	}
	fewer = want < read || want < write
	if read == write && read%brokers == 0 {
		return []Field{{Path: "queue_num", Before: read / brokers, After: perBroker}}, fewer
	}
	if read != want {
		fields = append(fields, Field{Path: "total_read_queue_num", Before: read, After: want})
	}
	if write != want {
		fields = append(fields, Field{Path: "total_write_queue_num", Before: write, After: want})
	}
	return fields, fewer
}

// topicBrokers returns the names of the brokers a live topic is on, sorted.
func topicBrokers(l *dms.Topic) []string {
	names := make([]string, 0, len(l.Brokers))
	for _, b := range l.Brokers {
		names = append(names, b.BrokerName)
	}
	slices.Sort(names)
	return names
}
