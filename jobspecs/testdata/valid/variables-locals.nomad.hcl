variable "image" {
  type    = string
  default = "nginx:1.25"
}

variable "count" {
  type    = number
  default = 3
}

locals {
  name = "front"
}

job "front" {
  group "nginx" {
    count = var.count
    task "nginx" {
      driver = "docker"
      config {
        image = var.image
      }
      service {
        name = "${local.name}-nginx"
        provider = "nomad"
      }
    }
  }
}
