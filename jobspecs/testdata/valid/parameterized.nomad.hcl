job "transcode" {
  type = "batch"
  parameterized {
    payload       = "required"
    meta_required = ["input"]
    meta_optional = ["profile"]
  }
  group "work" {
    task "ffmpeg" {
      driver = "exec"
      dispatch_payload {
        file = "job.json"
      }
      config {
        command = "/bin/transcode"
        args    = ["${NOMAD_META_input}", "local/job.json"]
      }
    }
  }
}
