package data

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"needsplan/model"
)

// yamlError is a problem at one line of a YAML file: the line of the node
// in the file as written (comments and blank lines counted).
type yamlError struct {
	Line int
	Msg  string
}

func (e *yamlError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// lineMsg splits an error from decodeStrict into its line and message.
func lineMsg(err error) (int, string) {
	var ye *yamlError
	if errors.As(err, &ye) {
		return ye.Line, ye.Msg
	}
	return 0, err.Error()
}

var (
	nodeType        = reflect.TypeFor[yaml.Node]()
	unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()
	yamlLineRE      = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
)

// decodeStrict decodes a node into v refusing unknown keys. It decodes the
// node itself (never a re-serialised copy), so every line it reports is the
// line in the file; errors are *yamlError. Unknown keys are found by walking
// the node against v's yaml tags, since yaml.v3's KnownFields is only
// available on a Decoder, not on Node.Decode.
func decodeStrict(n *yaml.Node, v any) error {
	if err := checkKnown(n, reflect.TypeOf(v)); err != nil {
		return err
	}
	if err := n.Decode(v); err != nil {
		var ye *yamlError
		if errors.As(err, &ye) {
			return ye
		}
		var te *yaml.TypeError
		if errors.As(err, &te) && len(te.Errors) > 0 {
			return yamlErrorOf(te.Errors[0], n.Line)
		}
		return yamlErrorOf(err.Error(), n.Line)
	}
	return nil
}

// yamlErrorOf turns one of yaml.v3's "line N: …" messages into a yamlError
// (line def when the message has none).
func yamlErrorOf(s string, def int) *yamlError {
	if m := yamlLineRE.FindStringSubmatch(s); m != nil {
		l, _ := strconv.Atoi(m[1])
		return &yamlError{Line: l, Msg: m[2]}
	}
	return &yamlError{Line: def, Msg: strings.TrimPrefix(s, "yaml: ")}
}

// yamlKeys returns the keys a struct type accepts, as yaml.v3 names them
// (the tag's name, or the field name in lower case), with their types.
func yamlKeys(t reflect.Type) (names []string, types map[string]reflect.Type) {
	types = map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("yaml")
		name, flags, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if strings.Contains(flags, "inline") {
			ns, ts := yamlKeys(f.Type)
			names = append(names, ns...)
			for k, v := range ts {
				types[k] = v
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		names = append(names, name)
		types[name] = f.Type
	}
	return names, types
}

// checkKnown reports the first key in n that t has no field for.
func checkKnown(n *yaml.Node, t reflect.Type) error {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return checkKnown(n.Content[0], t)
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nodeType || reflect.PointerTo(t).Implements(unmarshalerType) {
		return nil // kept as a node, or decoded by its own strict code
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return nil // Decode reports the mismatch with its line
		}
		names, types := yamlKeys(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "<<" && k.Tag == "!!merge" {
				if err := checkKnown(v, t); err != nil {
					return err
				}
				continue
			}
			ft, ok := types[k.Value]
			if !ok {
				return &yamlError{Line: k.Line, Msg: unknownKey(k.Value, names)}
			}
			if err := checkKnown(v, ft); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		if n.Kind == yaml.SequenceNode {
			for _, c := range n.Content {
				if err := checkKnown(c, t.Elem()); err != nil {
					return err
				}
			}
		}
	case reflect.Map:
		if n.Kind == yaml.MappingNode {
			for i := 1; i < len(n.Content); i += 2 {
				if err := checkKnown(n.Content[i], t.Elem()); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// unknownKey says that key is not one of names, suggesting the closest.
func unknownKey(key string, names []string) string {
	msg := fmt.Sprintf("unknown key %q", key)
	best, bd := "", 3 // suggest only within two edits
	for _, n := range names {
		if d := model.EditDistance(strings.ToLower(key), n); d < bd {
			best, bd = n, d
		}
	}
	if best != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", best)
	}
	sorted := slices.Clone(names)
	slices.Sort(sorted)
	return msg + ": want one of " + strings.Join(sorted, ", ")
}
