package desired

import (
	"slices"

	"gopkg.in/yaml.v3"

	"github.com/mqsync/mqsync/secret"
)

// user decodes one entry of users, filling in defaults. The secret is only located here;
// resolveSecrets reads it.
func (d *decoder) user(name string, k, v *yaml.Node) *userDecl {
	field := "users." + name
	u := &userDecl{
		User: User{AccessKey: name, DefaultTopicPerm: DefaultUserPerm,
			DefaultGroupPerm: DefaultUserPerm, TopicPerms: map[string]string{},
			GroupPerms: map[string]string{}, Pos: d.pos(k)},
		secretDir:   d.dir,
		topicPermAt: map[string]Position{},
		groupPermAt: map[string]Position{},
	}
	if problem := checkAccessKey(name); problem != "" {
		d.errorf(k, field, name, "access key %q %s", name, problem)
	}

	hasSecret := false
	d.fields(v, field, userKeys, func(key string, _, v *yaml.Node) {
		f := field + "." + key
		switch key {
		case "secret_key":
			hasSecret = true
			d.secretRef(v, f, u)
		case "white_remote_address":
			u.WhiteRemoteAddress = d.whiteList(v, f)
		case "admin":
			u.Admin, _ = d.boolean(v, f)
		case "default_topic_perm":
			u.DefaultTopicPerm = d.defaultPerm(v, f)
		case "default_group_perm":
			u.DefaultGroupPerm = d.defaultPerm(v, f)
		case "topic_perms":
			d.grants(v, f, "topic", u.TopicPerms, u.topicPermAt)
		case "group_perms":
			d.grants(v, f, "group", u.GroupPerms, u.groupPermAt)
		}
	})
	if !hasSecret {
		d.add(k, Diagnostic{Field: field + ".secret_key", Message: "is required",
			Hint: "write secret_key: {env: NAME} or secret_key: {file: PATH}"})
	}
	return u
}

func (d *decoder) defaultPerm(n *yaml.Node, field string) string {
	if p, ok := d.userPerm(n, field); ok {
		return p
	}
	return DefaultUserPerm
}

func (d *decoder) whiteList(n *yaml.Node, field string) string {
	s, ok := d.scalar(n, field)
	if !ok {
		return ""
	}
	if problem := checkWhiteList(s); problem != "" {
		d.errorf(n, field, s, "%s", problem)
	}
	return s
}

// grants decodes topic_perms or group_perms into perms, recording where each was written.
func (d *decoder) grants(n *yaml.Node, field, kind string, perms map[string]string,
	at map[string]Position) {
	d.pairs(n, field, func(name string, k, v *yaml.Node) {
		f := field + "." + name
		if _, ok := perms[name]; ok {
			d.errorf(k, f, name, "%s %q is granted twice", kind, name)
			return
		}
		if problem := checkResourceName(name); problem != "" {
			d.errorf(k, f, name, "%s name %q %s", kind, name, problem)
			return
		}
		p, ok := d.userPerm(v, f)
		if !ok {
			return
		}
		perms[name], at[name] = p, d.pos(k)
		if kind == "group" && p == "PUB" {
			d.add(v, Diagnostic{Severity: SeverityWarning, Field: f, Value: p,
				Message: "PUB on a group grants nothing a consumer needs",
				Hint:    "consumers need SUB"})
		}
	})
}

// secretRef decodes secret_key: a plain string, {env: NAME} or {file: PATH}. No message here
// quotes a value that could be the secret.
func (d *decoder) secretRef(n *yaml.Node, field string, u *userDecl) {
	u.secretPos = d.pos(n)
	if !d.plain(n, field) {
		return
	}
	switch {
	case n.Kind == yaml.ScalarNode && !isNull(n) && n.ShortTag() != "!!bool":
		u.SecretRef.Plain = true
		u.Secret = secret.New(n.Value)
	case n.Kind == yaml.MappingNode:
		d.secretFields(n, field, &u.SecretRef)
		d.checkSecretRef(n, field, u.SecretRef)
	default:
		d.add(n, Diagnostic{Field: field, Message: "want a string, {env: NAME} or " +
			"{file: PATH}, got " + kindOf(n)})
	}
}

// secretFields decodes {env: NAME} or {file: PATH}. Unlike fields, it does not quote an
// unknown key, which could be a secret written in the wrong place.
func (d *decoder) secretFields(n *yaml.Node, field string, ref *SecretRef) {
	seen := map[string]bool{}
	d.pairs(n, field, func(key string, k, v *yaml.Node) {
		if !slices.Contains(secretKeys, key) || seen[key] {
			d.add(k, Diagnostic{Field: field, Message: "holds a key other than one env or " +
				"one file"})
			return
		}
		seen[key] = true
		s, _ := d.scalar(v, field+"."+key)
		if key == "env" {
			ref.Env = s
		} else {
			ref.File = s
		}
	})
}

func (d *decoder) checkSecretRef(n *yaml.Node, field string, ref SecretRef) {
	switch {
	case ref.Env != "" && ref.File != "":
		d.errorf(n, field, "", "has both env and file; set one of them")
	case ref.Env == "" && ref.File == "":
		d.errorf(n, field, "", "needs env: NAME or file: PATH")
	case ref.Env != "" && !envNameRule.MatchString(ref.Env):
		// The value is left out: a secret pasted here by mistake must not be printed.
		d.errorf(n, field+".env", "", "is not an environment variable name: a letter or _, "+
			"then letters, digits and _")
	}
}
