// Fixture package using testify, in a module of its own so the other
// fixtures need no download.
module example.com/fixturetestify

go 1.25.0

require github.com/stretchr/testify v1.12.1

require go.yaml.in/yaml/v3 v3.0.5 // indirect
