job "db" {
  group "db" {
    volume "data" {
      type      = "host"
      source    = "pgdata"
      read_only = false
    }
    volume "certs" {
      type            = "csi"
      source          = "certs-vol"
      read_only       = true
      access_mode     = "multi-node-reader-only"
      attachment_mode = "file-system"
      per_alloc       = true
      mount_options {
        fs_type     = "ext4"
        mount_flags = ["noatime"]
      }
    }
    task "postgres" {
      driver = "docker"
      config {
        image = "postgres:16"
      }
      volume_mount {
        volume      = "data"
        destination = "/var/lib/postgresql/data"
      }
      volume_mount {
        volume           = "certs"
        destination      = "/certs"
        read_only        = true
        propagation_mode = "private"
      }
      resources {
        cpu    = 1000
        memory = 1024
      }
    }
  }
}
