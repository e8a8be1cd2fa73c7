package reports

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"
)

// TestPremultipliedColours checks every color.RGBA literal in the package
// is a colour: color.RGBA is alpha-premultiplied, so no channel may exceed
// the alpha (a translucent band written as RGBA{0x56, 0xB4, 0xE9, 0x66}
// once drew pink; translucent colours are color.NRGBA).
func TestPremultipliedColours(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	seen := 0
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok || len(lit.Elts) != 4 {
				return true
			}
			sel, ok := lit.Type.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "RGBA" {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "color" {
				return true
			}
			var v [4]uint64
			for i, e := range lit.Elts {
				b, ok := e.(*ast.BasicLit)
				if !ok {
					return true // not constants: not checked here
				}
				if v[i], err = strconv.ParseUint(b.Value, 0, 8); err != nil {
					t.Errorf("%s: %s: %v", fset.Position(b.Pos()), b.Value, err)
					return true
				}
			}
			seen++
			if v[0] > v[3] || v[1] > v[3] || v[2] > v[3] {
				t.Errorf("%s: color.RGBA%v has a channel above its alpha: not a premultiplied colour (use color.NRGBA)", fset.Position(lit.Pos()), v)
			}
			return true
		})
	}
	if seen == 0 {
		t.Fatal("no color.RGBA literal found: the test reads nothing")
	}
}
