package main

import (
	"io"

	"github.com/spf13/cobra"

	"needsplan/data"
	"needsplan/reports"
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
family and rank, intensity, format, LDC rule, whether it is bound to the PNI
pathway, the months needed before release, duration, the time needed by the
one time rule (duration + the consolidation window, or months_needed where
published and longer) with a flag where months_needed is shorter, how it
applies the risk principle, default group size, and which figures are
assumptions rather than published facts. The text format then lists the
programme families in routing order (docs/catalogue.md, "Families"): a
person's one current core programme comes from the first core family with
a programme for them.

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
	cat, err := data.LoadCatalogue(o.catalogue)
	if err != nil {
		return err
	}
	return o.out.write(stdout, reports.CatalogueTable(cat), func(w io.Writer) error { return reports.WriteCatalogueText(w, cat) })
}
