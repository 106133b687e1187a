job "web" {
  group "web" {
    network {
      port "http" {}
      port "grpc" {}
    }
    service {
      name         = "web"
      port         = "http"
      tags         = ["urlprefix-/", "v1"]
      canary_tags  = ["canary"]
      provider     = "consul"
      address_mode = "host"
      meta {
        version = "1"
      }
      tagged_addresses {
        wan = "203.0.113.7"
      }
      check {
        name     = "alive"
        type     = "http"
        path     = "/health"
        interval = "10s"
        timeout  = "2s"
        method   = "GET"
        header {
          Authorization = ["Basic ZGVtbzpkZW1v"]
        }
        check_restart {
          limit = 3
          grace = "90s"
          ignore_warnings = false
        }
      }
      check {
        type     = "grpc"
        port     = "grpc"
        interval = "15s"
        timeout  = "3s"
        grpc_service = "web.Health"
        grpc_use_tls = true
      }
    }
    task "web" {
      driver = "docker"
      config {
        image = "web:2"
        ports = ["http", "grpc"]
      }
    }
  }
}
