package applier

import (
	"context"
	"slices"
	"strings"

	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/planner"
)

func (r *run) createTopic(ctx context.Context, ch *planner.Change) error {
	spec := ch.Topic
	return r.write(ctx,
		func(ctx context.Context) error {
			return r.client.CreateTopic(ctx, r.instanceID, dms.CreateTopicRequest{
				Name: spec.Name, Brokers: spec.Brokers, QueueNum: spec.QueueNum,
				Permission: spec.Permission,
			})
		},
		r.topicLanded(spec))
}

// modifyTopic sets a topic's queues and permission. The API takes totals over all brokers.
func (r *run) modifyTopic(ctx context.Context, ch *planner.Change) error {
	spec := ch.Topic
	total := spec.QueueNum * len(spec.Brokers)
	return r.write(ctx,
		func(ctx context.Context) error {
			return r.client.ModifyTopic(ctx, r.instanceID, spec.Name, dms.ModifyTopicRequest{
				ReadQueueNum: total, WriteQueueNum: total, Permission: spec.Permission,
			})
		},
		r.topicLanded(spec))
}

// replaceTopic moves a topic to other brokers.
func (r *run) replaceTopic(ctx context.Context, ch *planner.Change) error {
	name := ch.Topic.Name
	return r.replace(ctx, name,
		func(ctx context.Context) error { return r.client.DeleteTopic(ctx, r.instanceID, name) },
		r.topicsPresent,
		func(ctx context.Context) error { return r.createTopic(ctx, ch) })
}

// deleteTopics deletes topics with the batch call and waits until they are gone.
func (r *run) deleteTopics(ctx context.Context, changes []*planner.Change) map[string]error {
	return r.batch(ctx, changeNames(changes),
		func(ctx context.Context, names []string) error {
			_, err := r.client.DeleteTopics(ctx, r.instanceID, names)
			return err
		},
		r.topicsPresent)
}

// topicLanded reports whether the live topic is as spec says.
func (r *run) topicLanded(spec *planner.TopicSpec) func(context.Context) (bool, error) {
	return func(ctx context.Context) (bool, error) {
		t, err := r.client.ShowTopic(ctx, r.instanceID, spec.Name)
		if dms.IsNotFound(err) {
			return false, nil
		}
		return err == nil && topicMatches(spec, &t), err
	}
}

// topicsPresent returns the names that still exist.
func (r *run) topicsPresent(ctx context.Context, names []string) ([]string, error) {
	found, err := lookup(ctx, names,
		func(ctx context.Context, name string) (dms.Topic, error) {
			return r.client.ShowTopic(ctx, r.instanceID, name)
		},
		func(ctx context.Context) ([]dms.Topic, error) {
			return r.client.ListAllTopics(ctx, r.instanceID)
		},
		func(t *dms.Topic) string { return t.Name })
	return present(names, found), err
}

func topicMatches(spec *planner.TopicSpec, t *dms.Topic) bool {
	total := spec.QueueNum * len(spec.Brokers)
	brokers := make([]string, 0, len(t.Brokers))
	for _, b := range t.Brokers {
		brokers = append(brokers, b.BrokerName)
	}
	slices.Sort(brokers)
	return t.TotalReadQueueNum == total && t.TotalWriteQueueNum == total &&
		strings.EqualFold(t.Permission, spec.Permission) &&
		(len(brokers) == 0 || slices.Equal(brokers, spec.Brokers))
}

// present returns the names that are keys of found, in the order of names.
func present[T any](names []string, found map[string]T) []string {
	var left []string
	for _, n := range names {
		if _, ok := found[n]; ok {
			left = append(left, n)
		}
	}
	return left
}

func changeNames(changes []*planner.Change) []string {
	names := make([]string, len(changes))
	for i, ch := range changes {
		names[i] = ch.Name
	}
	return names
}
