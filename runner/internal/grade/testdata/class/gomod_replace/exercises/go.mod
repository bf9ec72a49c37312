module example.com/course

go 1.25

require github.com/stretchr/testify v1.12.1

replace github.com/stretchr/testify => ./fake-testify
