job "spready" {
  datacenters = ["dc1", "dc2"]

  affinity {
    attribute = "${node.datacenter}"
    value     = "dc1"
    weight    = 70
  }

  spread {
    attribute = "${node.datacenter}"
    weight    = 100
    target "dc1" {
      percent = 60
    }
    target "dc2" {
      percent = 40
    }
  }

  group "api" {
    count = 5
    spread {
      attribute = "${meta.rack}"
    }
    affinity {
      attribute = "${meta.ssd}"
      operator  = "="
      value     = "true"
      weight    = -50
    }
    task "api" {
      driver = "raw_exec"
      config {
        command = "/usr/bin/api"
        args    = ["-port", "${NOMAD_PORT_http}"]
      }
    }
  }
}
