/** EXAMPLE_JOB is what `drover job init` writes: a small, valid service job, commented. */
export const EXAMPLE_JOB = `# A Drover (Nomad-compatible) job. Run it with: drover job run example.nomad.hcl
job "example" {
  datacenters = ["*"]
  type        = "service"

  group "web" {
    count = 1

    network {
      port "http" {}
    }

    restart {
      attempts = 2
      interval = "30m"
      delay    = "15s"
      mode     = "fail"
    }

    task "server" {
      driver = "docker"

      config {
        image   = "busybox:1"
        command = "httpd"
        args    = ["-f", "-p", "\${NOMAD_PORT_http}"]
        ports   = ["http"]
      }

      resources {
        cpu    = 100
        memory = 64
      }
    }
  }
}
`;

/** SHORT_EXAMPLE_JOB is what `drover job init -short` writes: the same job without comments. */
export const SHORT_EXAMPLE_JOB = EXAMPLE_JOB.split('\n').filter((l) => !l.trimStart().startsWith('#')).join('\n');
