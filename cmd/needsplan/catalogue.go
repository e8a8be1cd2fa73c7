package main

import (
	"io"
	"strings"

	"github.com/spf13/cobra"

	"needsplan/data"
	"needsplan/model"
)

type catalogueOptions struct {
	catalogue string
	yaml      bool
	out       outputOptions
}

func newCatalogueCommand() *cobra.Command {
	var o catalogueOptions
	cmd := &cobra.Command{
		Use:   "catalogue",
		Short: "List the programme catalogue, or print it as YAML to edit",
		Long: `catalogue lists every programme in the catalogue: code, status, suites,
intensity, format, LDC rule, whether it is bound to the PNI pathway, the
months needed before release, duration, default group size, and which
figures are assumptions rather than published facts.

--yaml prints the embedded catalogue file itself: edit a copy and pass it to
any command with --catalogue FILE.`,
		Example: `  needsplan catalogue
  needsplan catalogue --yaml > my-catalogue.yaml
  needsplan needs --dataset testdata/sample --catalogue my-catalogue.yaml`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCatalogue(&o, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&o.catalogue, "catalogue", "", "catalogue YAML `FILE` to list instead of the embedded one")
	cmd.Flags().BoolVar(&o.yaml, "yaml", false, "print the embedded catalogue YAML")
	o.out.register(cmd.Flags())
	return cmd
}

func runCatalogue(o *catalogueOptions, stdout io.Writer) error {
	if o.yaml {
		_, err := stdout.Write(data.DefaultCatalogueYAML())
		return err
	}
	if err := o.out.check(); err != nil {
		return err
	}
	cat, err := loadCatalogue(o.catalogue)
	if err != nil {
		return err
	}
	t := model.Table{Name: "catalogue", Columns: []model.Column{
		{Name: "code"}, {Name: "status"}, {Name: "suites"}, {Name: "intensity"}, {Name: "format"}, {Name: "ldc"},
		{Name: "pathway_bound"}, {Name: "months_needed", Kind: model.FloatColumn}, {Name: "duration_weeks", Kind: model.FloatColumn},
		{Name: "group_size", Kind: model.FloatColumn}, {Name: "assumed"}, {Name: "replaced_by"},
	}}
	for i := range cat.Len() {
		g := cat.At(i)
		var suites []string
		for _, s := range g.Suites {
			suites = append(suites, string(s))
		}
		assumed := g.Assumed()
		vals := []string{g.Code, string(g.Status), strings.Join(suites, ";"), string(g.Intensity), string(g.Format),
			string(g.LDC), boolWord(g.PathwayBound)}
		for j, v := range vals {
			t.Columns[j].Text = append(t.Columns[j].Text, v)
		}
		t.Columns[7].Floats = append(t.Columns[7].Floats, g.MonthsNeeded.Value)
		t.Columns[8].Floats = append(t.Columns[8].Floats, g.DurationWeeks.Value)
		t.Columns[9].Floats = append(t.Columns[9].Floats, g.GroupSize.Value)
		t.Columns[10].Text = append(t.Columns[10].Text, strings.Join(assumed, ";"))
		t.Columns[11].Text = append(t.Columns[11].Text, strings.Join(g.ReplacedBy, ";"))
	}
	return o.out.write(stdout, &t, nil)
}

func boolWord(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
