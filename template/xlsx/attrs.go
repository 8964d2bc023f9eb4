package xlsx

import "bytes"

// The attributes of a tag, read in order by one tokenizer (nextAttr): for
// the sheet scan, which vouches only for attributes written as every
// spreadsheet program writes them (attrsOK), and for reading a value
// (attr, tagInfo.attr), which takes them as encoding/xml does.

// nextAttr reads the first attribute of b, the rest of a tag after its
// name: name="value" or name='value' after optional white space (required
// when strict). It returns the name, the value as written and its quote,
// and the rest of b; more is false when b holds no further attribute (only
// white space, and an empty element's "/"), ok false when b is not
// attributes. strict also refuses white space or markup in a name, < in a
// value and entities XML does not know: what encoding/xml forgives or
// refuses and the scan does not vouch for.
func nextAttr(b []byte, strict bool) (name, value []byte, quote byte, rest []byte, more, ok bool) {
	n := len(b)
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	if len(b) == 0 || len(b) == 1 && b[0] == '/' {
		return nil, nil, 0, nil, false, true
	}
	if strict && len(b) == n {
		return nil, nil, 0, nil, false, false // no white space before the attribute
	}
	eq := bytes.IndexByte(b, '=')
	if eq <= 0 || eq+1 >= len(b) || strict && bytes.IndexFunc(b[:eq], notNameRune) >= 0 {
		return nil, nil, 0, nil, false, false
	}
	q := b[eq+1]
	if q != '"' && q != '\'' {
		return nil, nil, 0, nil, false, false
	}
	v := b[eq+2:]
	k := bytes.IndexByte(v, q)
	if k < 0 {
		return nil, nil, 0, nil, false, false
	}
	if strict && bytes.IndexByte(v[:k], '<') >= 0 {
		return nil, nil, 0, nil, false, false
	}
	if strict && bytes.IndexByte(v[:k], '&') >= 0 {
		if _, ok := unescape(bytes.ReplaceAll(v[:k], []byte("\r"), nil)); !ok {
			return nil, nil, 0, nil, false, false
		}
	}
	name = b[:eq]
	for len(name) > 0 && isSpace(name[len(name)-1]) {
		name = name[:len(name)-1]
	}
	return name, v[:k], q, v[k+1:], true, true
}

// The tokenizer trims and searches by hand: bytes.TrimLeft, TrimRight and
// IndexAny build their set of bytes anew on every call, which is most of
// the cost of reading a cell's attributes.

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// notNameRune reports a character the scan does not take in a name.
func notNameRune(r rune) bool {
	switch r {
	case ' ', '\t', '\r', '\n', '"', '\'', '/', '<', '>', '&':
		return true
	}
	return false
}

// eachAttr calls fn with the name, the value as written and the quote of
// each attribute of a tag's body (what follows its name), in order. It
// returns false, having stopped, where the body is not name="value" pairs.
func eachAttr(b []byte, fn func(name, value []byte, quote byte)) bool {
	for {
		name, value, quote, rest, more, ok := nextAttr(b, false)
		if !ok || !more {
			return ok
		}
		fn(name, value, quote)
		b = rest
	}
}

// attrsOK reports whether the rest of a start tag, after its name, is
// attributes as XML writes them: name="value" or name='value', separated by
// white space, each value free of < and of entities XML does not know,
// then an optional "/".
func attrsOK(b []byte) bool {
	for {
		_, _, _, rest, more, ok := nextAttr(b, true)
		if !ok || !more {
			return ok
		}
		b = rest
	}
}

// lastAttr returns the value of the attribute key in b, the rest of a tag
// after its name, as written; the last one, as encoding/xml reads an
// attribute given twice. found is false, with a nil value, when b has none
// or is not attributes.
func lastAttr(b []byte, key string) (value []byte, found bool) {
	if bytes.Index(b, []byte(key)) < 0 {
		return nil, false // most lookups, of an attribute the tag has not
	}
	for {
		name, v, _, rest, more, ok := nextAttr(b, false)
		if !ok {
			return nil, false
		}
		if !more {
			return value, found
		}
		if string(name) == key {
			value, found = v, true
		}
		b = rest
	}
}

// attr returns the value of a tag's attribute key, or nil: tag is the text
// between < and >, its name first; the last one, as lastAttr. It is the
// lookup of the sheet scan's every cell: one pass over the tag, each
// quoted value skipped whole, so that text inside a value
// (name='x r:id="rId9"') is never taken for an attribute. An attribute
// starts after white space or right after a value, as encoding/xml reads.
func attr(tag []byte, key string) []byte {
	var found []byte
	for i := 0; i < len(tag); i++ {
		switch c := tag[i]; {
		case c == '"' || c == '\'':
			end := bytes.IndexByte(tag[i+1:], c)
			if end < 0 {
				return nil // a value not closed
			}
			i += 1 + end // the closing quote: an attribute may follow at once
		case !isSpace(c):
			continue
		}
		j := i + 1 // where an attribute may start
		if len(tag) <= j+len(key)+1 || string(tag[j:j+len(key)]) != key || tag[j+len(key)] != '=' {
			continue
		}
		q := tag[j+len(key)+1]
		if q != '"' && q != '\'' {
			return nil
		}
		end := bytes.IndexByte(tag[j+len(key)+2:], q)
		if end < 0 {
			return nil
		}
		found = tag[j+len(key)+2 : j+len(key)+2+end]
		// On through the name, "=" and the value, skipped as any value.
	}
	return found
}
