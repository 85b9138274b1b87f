package desired

import (
	"encoding/json"
	"fmt"
	"strings"
)

// SchemaID is the $id of the JSON Schema.
const SchemaID = "https://github.com/mqsync/mqsync/mqsync.schema.json"

// Schema returns a JSON Schema (draft-07) of the YAML format, for editor completion and for
// checks by other tools. It describes the shape of one document and the rules that can be
// said in a schema; Load checks the rest (secret complexity, names declared twice across
// files, policy set twice).
func Schema() []byte {
	out, err := json.MarshalIndent(schemaDocument(), "", "  ")
	if err != nil {
		panic(fmt.Sprintf("marshal schema: %v", err)) // Only maps, strings and numbers.
	}
	return append(out, '\n')
}

// obj is a JSON object; encoding/json writes its keys sorted, so the output is stable.
type obj = map[string]any

// namePattern is checkResourceName as a regular expression.
const namePattern = `^[A-Za-z0-9%|_-]{3,64}$`

func schemaDocument() obj {
	doc := object("One file's share of the desired state of one RocketMQ instance.", obj{
		"instance": instanceSchema(),
		"topics": names("Topics by name. "+systemNote("topic", systemTopics), namePattern,
			topicSchema()),
		"groups": names("Consumer groups by name. "+systemNote("group", systemGroups),
			namePattern, groupSchema()),
		"users": names("ACL users by access key.", `^[A-Za-z][A-Za-z0-9_-]{6,63}$`,
			userSchema()),
		"policy": policySchema(),
	})
	doc["$schema"] = "http://json-schema.org/draft-07/schema#"
	doc["$id"] = SchemaID
	doc["title"] = "mqsync desired state"
	doc["type"] = "object"
	doc["required"] = []string{"instance"}
	return doc
}

func instanceSchema() obj {
	s := object("The instance this document describes: by name or by id, not both.", obj{
		"name": str("Instance name, resolved with an exact-name lookup.",
			instanceNameRule.String()),
		"id": str("Instance id (a UUID).", instanceIDRule.String()),
		"project_id": str("Project id; defaults to the configured project.",
			projectIDRule.String()),
	})
	s["type"] = "object"
	s["oneOf"] = []obj{{"required": []string{"name"}}, {"required": []string{"id"}}}
	return s
}

func topicSchema() obj {
	return object("A topic. An empty entry takes every default.", obj{
		"queue_num": integer("Queues on each broker.", minQueueNum, maxQueueNum,
			DefaultQueueNum),
		"permission": withDefault(caseless("Who may use the topic: all, pub or sub.",
			[]string{"all", "pub", "sub"}, `(all|pub|sub)`), DefaultPermission),
		"brokers": brokersSchema(),
	})
}

func groupSchema() obj {
	return object("A consumer group. An empty entry takes every default.", obj{
		"enabled":   boolean("Whether the group may consume.", true),
		"broadcast": boolean("Broadcast consumption.", false),
		"retry_max_time": integer("Redeliveries before a message goes to the dead-letter "+
			"topic.", minRetryMaxTime, maxRetryMaxTime, DefaultRetryMaxTime),
		"from_beginning": boolean("Start from the earliest message.", false),
		"brokers":        brokersSchema(),
	})
}

func userSchema() obj {
	s := object("An ACL user.", obj{
		"secret_key": secretSchema(),
		"white_remote_address": withDefault(obj{"type": "string", "description": "IP " +
			"addresses, CIDR blocks or patterns (192.168.0.*) separated by commas; empty " +
			"allows every address."}, ""),
		"admin":              boolean("Administrator.", false),
		"default_topic_perm": withDefault(userPerm("Permission on topics not listed."), "DENY"),
		"default_group_perm": withDefault(userPerm("Permission on groups not listed."), "DENY"),
		"topic_perms": names("Permissions on topics, by topic name.", namePattern,
			userPerm("Permission on this topic.")),
		"group_perms": names("Permissions on groups, by group name.", namePattern,
			userPerm("Permission on this group; consumers need SUB.")),
	})
	s["required"] = []string{"secret_key"}
	s["type"] = "object"
	return s
}

func secretSchema() obj {
	ref := func(key, desc string, value obj) obj {
		s := object(desc, obj{key: value})
		s["type"], s["required"] = "object", []string{key}
		return s
	}
	return obj{
		"description": "The secret key: {env: NAME}, {file: PATH} (relative to this file, " +
			"mode 0600) or, for local trials only, the secret itself.",
		"oneOf": []obj{
			ref("env", "Read from the environment variable NAME.",
				obj{"type": "string", "pattern": envNameRule.String()}),
			ref("file", "Read from the file PATH, without one trailing newline.",
				obj{"type": "string", "minLength": 1}),
			{"type": "string", "description": "The secret itself (validate warns)."},
		},
	}
}

func policySchema() obj {
	patterns := func(desc string) obj {
		return obj{"type": "array", "description": desc + " Glob patterns in path.Match " +
			"syntax, matched against topic, group and user names.",
			"items": obj{"type": "string", "minLength": 1}}
	}
	return object("How far mqsync may go on this instance; set in one file per instance.", obj{
		"prune":   boolean("Delete live resources that no file declares.", false),
		"protect": patterns("Names never deleted or replaced, even when undeclared."),
		"ignore":  patterns("Names mqsync neither changes nor reports."),
		"max_deletes": withDefault(obj{"type": "integer", "minimum": 0, "description": "A " +
			"plan with more deletes than this is refused."}, DefaultMaxDeletes),
		"allow_destructive": boolean("Allow queue reductions and broker moves.", false),
		"drift": withDefault(obj{"enum": []string{DriftCorrect, DriftWarn}, "description": "" +
			"What the daemon does about drift: correct it or warn."}, DefaultDrift),
	})
}

func brokersSchema() obj {
	return obj{"type": "array", "minItems": 1, "uniqueItems": true,
		"description": "Brokers to place it on; leave out for every broker of the instance.",
		"items":       obj{"type": "string", "pattern": brokerNameRule.String()}}
}

// object is a mapping with exactly the given keys; it may also be empty (null) in YAML.
func object(desc string, props obj) obj {
	return obj{"type": []string{"object", "null"}, "description": desc,
		"properties": props, "additionalProperties": false}
}

// names is a mapping from names matching pattern to values described by each.
func names(desc, pattern string, each obj) obj {
	return obj{"type": []string{"object", "null"}, "description": desc,
		"propertyNames": obj{"pattern": pattern}, "additionalProperties": each}
}

func str(desc, pattern string) obj {
	return obj{"type": "string", "description": desc, "pattern": pattern}
}

func integer(desc string, lo, hi, def int) obj {
	return obj{"type": "integer", "description": desc, "minimum": lo, "maximum": hi,
		"default": def}
}

func boolean(desc string, def bool) obj {
	return obj{"type": "boolean", "description": desc, "default": def}
}

func withDefault(s obj, def any) obj {
	s["default"] = def
	return s
}

func userPerm(desc string) obj {
	return caseless(desc+" PUB, SUB, PUB|SUB or DENY, in any case and order.",
		[]string{"PUB", "SUB", "PUB|SUB", "DENY"},
		`(DENY|PUB(\s*\|\s*SUB)?|SUB(\s*\|\s*PUB)?)`)
}

// caseless accepts the canonical values (offered for completion) and any spelling of them
// that differs in case or spacing; JSON Schema patterns have no case-insensitive flag, so
// every letter of pattern, outside an escape such as \s, becomes a class of both cases.
func caseless(desc string, canonical []string, pattern string) obj {
	var b strings.Builder
	escaped := false
	for _, r := range pattern {
		lo, up := strings.ToLower(string(r)), strings.ToUpper(string(r))
		switch {
		case escaped || lo == up:
			b.WriteRune(r)
		default:
			b.WriteString("[" + up + lo + "]")
		}
		escaped = !escaped && r == '\\'
	}
	return obj{"description": desc, "anyOf": []obj{
		{"enum": canonical},
		{"type": "string", "pattern": `^\s*` + b.String() + `\s*$`},
	}}
}

func systemNote(kind string, list []systemName) string {
	return fmt.Sprintf("RocketMQ's own %s names are refused: %s.", kind,
		strings.Join(systemPatterns(list), ", "))
}
