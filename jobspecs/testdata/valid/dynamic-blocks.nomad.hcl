locals {
  ports = ["http", "admin"]
}

job "dyn" {
  group "g" {
    network {
      dynamic "port" {
        for_each = local.ports
        labels   = [port.value]
        content {}
      }
    }
    task "t" {
      driver = "docker"
      config {
        image = "app:1"
        ports = local.ports
      }
    }
  }
}
