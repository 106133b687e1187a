/**
 * A realistic Nomad HCL2 jobspec using variables, locals, functions, dynamic blocks,
 * heredoc templates and runtime interpolation. Used by the end-to-end and fuzz tests.
 */
export const SAMPLE_JOBSPEC = `# A web service
variable "datacenters" {
  type        = list(string)
  description = "Where to run"
  default     = ["dc1"]
}

variable "image_tag" {
  type    = string
  default = "1.25"
  validation {
    condition     = length(var.image_tag) > 0
    error_message = "image_tag must not be empty"
  }
}

variable "ports" {
  type = map(number)
  default = {
    http    = 8080
    metrics = 9100
  }
}

locals {
  name   = "web-\${replace(var.image_tag, ".", "-")}"
  labels = merge({ app = "web" }, { tag = var.image_tag })
}

job "web" {
  datacenters = var.datacenters
  type        = "service"
  meta        = local.labels

  constraint {
    attribute = "\${attr.kernel.name}"
    value     = "linux"
  }

  group "frontend" {
    count = 2

    network {
      dynamic "port" {
        for_each = var.ports
        labels   = [port.key]
        content {
          to = port.value
        }
      }
    }

    task "nginx" {
      driver = "docker"

      config {
        image = "nginx:\${var.image_tag}"
        ports = keys(var.ports)
        args  = ["-c", "\${NOMAD_TASK_DIR}/nginx.conf"]
      }

      env {
        SERVICE_NAME = local.name
        ALLOC        = "\${NOMAD_ALLOC_ID}"
        UPPER        = upper("x")
      }

      template {
        destination = "local/nginx.conf"
        data        = <<-EOF
          server {
            listen {{ env "NOMAD_PORT_http" }};
            server_name \${local.name};
          %{ for k, v in var.ports ~}
            # \${k} = \${v}
          %{ endfor ~}
          }
        EOF
      }

      resources {
        cpu    = 100 * 5
        memory = max(128, 256)
      }
    }
  }
}
`;
