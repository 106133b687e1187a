job "fetcher" {
  type = "batch"
  group "g" {
    task "fetch" {
      driver = "exec"
      artifact {
        source      = "https://example.com/app.tar.gz"
        destination = "local/app"
        options {
          checksum = "sha256:abcd"
        }
        headers {
          User-Agent = "drover"
        }
      }
      artifact {
        source = "https://example.com/config.json"
        mode   = "file"
        destination = "local/config.json"
        chown  = true
      }
      config {
        command = "local/app/run"
      }
    }
  }
}
