job "vm" {
  group "vm" {
    network {
      port "ssh" {}
    }
    task "vm" {
      driver = "qemu"
      config {
        image_path  = "local/linux.img"
        accelerator = "tcg"
        port_map {
          ssh = 22
        }
        args = ["-nographic"]
      }
      artifact {
        source = "https://example.com/linux.img"
      }
      resources {
        cpu    = 1000
        memory = 512
      }
    }
  }
}
