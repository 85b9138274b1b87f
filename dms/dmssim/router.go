package dmssim

import (
	"net/http"
	"net/url"
	"strings"
)

// call is one API request on its way through a handler.
type call struct {
	r      *http.Request
	body   []byte
	query  url.Values
	params map[string]string
}

// project, instance, topic, group and user are the path's parameters, unescaped.
func (c *call) project() string  { return c.params["project"] }
func (c *call) instance() string { return c.params["instance"] }
func (c *call) name() string     { return c.params["name"] }

// result is what a handler answers: a status and a body to encode as JSON (nil for none).
type result struct {
	status int
	body   any
}

func ok(body any) (result, *apiError) { return result{http.StatusOK, body}, nil }

type handlerFunc func(s *Server, c *call) (result, *apiError)

// route maps a method and a path pattern to an operation. Pattern segments in braces capture
// the path segment under that name.
type route struct {
	method  string
	pattern []string
	op      string
	// action, when set, is the value of the "action" query parameter this route needs.
	action  string
	handler handlerFunc
}

// Every path is relative to /v2/{project_id}; the form /v2/{engine}/{project_id}, which the
// document uses for some operations, is accepted for all of them.
var routes = []route{
	{"GET", p("instances"), "list_instances", "", listInstances},
	{"GET", p("instances/{instance}"), "show_instance", "", showInstance},
	{"GET", p("instances/{instance}/brokers"), "list_brokers", "", listBrokers},

	{"GET", p("instances/{instance}/topics"), "list_topics", "", listTopics},
	{"POST", p("instances/{instance}/topics"), "delete_topics", "delete", deleteTopics},
	{"POST", p("instances/{instance}/topics"), "create_topic", "", createTopic},
	{"GET", p("instances/{instance}/topics/{name}"), "show_topic", "", showTopic},
	{"PUT", p("instances/{instance}/topics/{name}"), "modify_topic", "", modifyTopic},
	{"DELETE", p("instances/{instance}/topics/{name}"), "delete_topic", "", deleteTopic},
	{"GET", p("instances/{instance}/topics/{name}/groups"), "list_topic_groups", "",
		listTopicGroups},
	{"GET", p("instances/{instance}/topics/{name}/status"), "topic_status", "", topicStatus},
	{"GET", p("instances/{instance}/topics/{name}/accesspolicy"),
		"list_topic_access_policies", "", listTopicPolicies},

	{"GET", p("instances/{instance}/groups"), "list_groups", "", listGroups},
	{"POST", p("instances/{instance}/groups"), "delete_groups", "delete", deleteGroups},
	{"POST", p("instances/{instance}/groups"), "create_group", "", createGroup},
	{"PUT", p("instances/{instance}/groups"), "modify_groups", "", modifyGroups},
	{"GET", p("instances/{instance}/groups/{name}"), "show_group", "", showGroup},
	{"PUT", p("instances/{instance}/groups/{name}"), "modify_group", "", modifyGroup},
	{"DELETE", p("instances/{instance}/groups/{name}"), "delete_group", "", deleteGroup},
	{"GET", p("instances/{instance}/groups/{name}/topics"), "list_group_topics", "",
		listGroupTopics},
	{"GET", p("instances/{instance}/groups/{name}/accesspolicy"),
		"list_group_access_policies", "", listGroupPolicies},
	{"POST", p("instances/{instance}/groups/{name}/reset-message-offset"),
		"reset_group_offset", "", resetGroupOffset},

	{"GET", p("instances/{instance}/users"), "list_users", "", listUsers},
	{"POST", p("instances/{instance}/users"), "create_user", "", createUser},
	{"GET", p("instances/{instance}/users/{name}"), "show_user", "", showUser},
	{"PUT", p("instances/{instance}/users/{name}"), "modify_user", "", modifyUser},
	{"DELETE", p("instances/{instance}/users/{name}"), "delete_user", "", deleteUser},
}

func p(rest string) []string { return append([]string{"{project}"}, strings.Split(rest, "/")...) }

// engines are the spellings of the engine segment: the document's and the SDK's.
var engines = map[string]bool{"reliability": true, "rocketmq": true}

// match finds the route for r. A path the API does not have is 404 DMS.00404001; a path it has
// with another method is 405 DMS.00405001.
func match(r *http.Request) (*route, map[string]string, *apiError) {
	segs := splitPath(r.URL.EscapedPath())
	if len(segs) < 2 || segs[0] != "v2" {
		return nil, nil, errNoURL(r)
	}
	segs = segs[1:]
	if engines[segs[0]] && len(segs) > 1 {
		segs = segs[1:]
	}

	pathFound := false
	for i := range routes {
		rt := &routes[i]
		params, found := matchPattern(rt.pattern, segs)
		if !found {
			continue
		}
		pathFound = true
		if rt.method != r.Method {
			continue
		}
		if rt.action != "" && r.URL.Query().Get("action") != rt.action {
			continue
		}
		return rt, params, nil
	}
	if pathFound {
		return nil, nil, errorf(http.StatusMethodNotAllowed, CodeMethod,
			"This request method is not allowed: %s %s.", r.Method, r.URL.Path)
	}
	return nil, nil, errNoURL(r)
}

func errNoURL(r *http.Request) *apiError {
	return errorf(http.StatusNotFound, CodeNoURL, "The requested URL does not exist: %s.",
		r.URL.Path)
}

// splitPath splits an escaped path into unescaped segments, so that an escaped slash stays
// inside its segment. A trailing slash is ignored.
func splitPath(escaped string) []string {
	escaped = strings.TrimSuffix(strings.TrimPrefix(escaped, "/"), "/")
	segs := strings.Split(escaped, "/")
	for i, s := range segs {
		if u, err := url.PathUnescape(s); err == nil {
			segs[i] = u
		}
	}
	return segs
}

func matchPattern(pattern, segs []string) (map[string]string, bool) {
	if len(pattern) != len(segs) {
		return nil, false
	}
	params := map[string]string{}
	for i, p := range pattern {
		if strings.HasPrefix(p, "{") {
			params[strings.Trim(p, "{}")] = segs[i]
		} else if p != segs[i] {
			return nil, false
		}
	}
	return params, true
}
