job "constrained" {
  constraint {
    attribute = "${attr.kernel.name}"
    value     = "linux"
  }

  constraint {
    attribute = "${attr.nomad.version}"
    version   = ">= 1.6"
  }

  group "web" {
    constraint {
      distinct_hosts = true
    }

    constraint {
      operator  = "distinct_property"
      attribute = "${meta.rack}"
      value     = "2"
    }

    task "app" {
      driver = "exec"
      constraint {
        attribute = "${attr.cpu.arch}"
        regexp    = "^(amd64|arm64)$"
      }
      config {
        command = "/bin/app"
      }
    }
  }
}
