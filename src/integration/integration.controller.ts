import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
} from '@nestjs/common';
import type { IntegrationMessageView } from './dto/integration-message.view.js';
import { SubmitIntegrationMessageDto } from './dto/submit-integration-message.dto.js';
import { IntegrationEngine } from './engine/integration-engine.service.js';
import { presentIntegrationMessage } from './engine/integration-message.presenter.js';

/**
 * The integration engine over HTTP. `POST /integration/messages` answers 202 once the message
 * is stored (processing goes on in the background); `GET /integration/messages/:id` shows its
 * status, checkpoint and step history. Errors use the standard envelope: an unknown type is
 * 400 `VALIDATION_FAILED`, an unknown id 404 `NOT_FOUND`.
 */
@Controller('integration/messages')
export class IntegrationController {
  constructor(private readonly engine: IntegrationEngine) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  async submit(
    @Body() body: SubmitIntegrationMessageDto,
  ): Promise<{ id: string; status: string }> {
    const { id, status } = await this.engine.submit(body);
    return { id, status };
  }

  @Get(':id')
  async find(@Param('id') id: string): Promise<IntegrationMessageView> {
    const { checkpoint, history } = await this.engine.find(id);
    return presentIntegrationMessage(checkpoint, history);
  }
}
